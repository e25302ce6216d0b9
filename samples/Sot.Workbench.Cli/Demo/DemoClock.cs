namespace Sot.Workbench.Cli.Demo;

/// <summary>The simulated clinic's clock: records are stamped with the simulated day and time, so a seed gives the same record.</summary>
internal sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    /// <summary>Moves the clock on (a command takes a minute or two of clinic time).</summary>
    public void Advance(TimeSpan by) => Now += by;
}
