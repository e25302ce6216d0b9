namespace Sot.Workbench.Cli;

/// <summary>The console's exit codes (README, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>Bad arguments: unknown command or option, missing or malformed value.</summary>
    public const int Usage = 1;

    /// <summary>The input is unusable: a missing file, malformed JSON, an unknown code, an invalid value.</summary>
    public const int InvalidInput = 2;

    /// <summary>The configuration (appsettings.json, environment, --set) is invalid.</summary>
    public const int Configuration = 3;

    /// <summary>The clinical record failed its integrity check (<c>verify</c>).</summary>
    public const int RecordBroken = 4;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;

    /// <summary>An unexpected failure; the message names the exception type.</summary>
    public const int Unexpected = 70;
}

/// <summary>A failure the user can act on: printed as one line on standard error, never with a stack trace.</summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
