using System.CommandLine;
using Sot.Workbench.Cli.Commands;

namespace Sot.Workbench.Cli;

/// <summary>The command tree and the one place where failures become messages and exit codes.</summary>
internal static class WorkbenchCli
{
    /// <summary>
    /// <c>--set key=value</c>, on every command: a configuration value with the highest precedence (over
    /// appsettings.json and the environment), e.g. <c>--set Workbench:PluginDirectories:0=/srv/plugins</c>.
    /// </summary>
    public static readonly Option<string[]> Settings = new("--set")
    {
        Description = "Set a configuration value, e.g. --set Workbench:Plugins:acme.posture:Enabled=true (repeatable; overrides appsettings.json and the environment).",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
        HelpName = "key=value",
    };

    static WorkbenchCli()
    {
        Settings.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                var separator = value.IndexOf('=', StringComparison.Ordinal);
                if (separator <= 0 || string.IsNullOrWhiteSpace(value[..separator]))
                {
                    result.AddError($"--set expects key=value (e.g. Workbench:Plugins:sot.cmrt:Enabled=true), got '{value}'.");
                }
            }
        });
    }

    public static RootCommand Build()
    {
        var root = new RootCommand(
            "The Sot.Workbench clinic console. It records and suggests; it never claims a diagnosis or a treatment effect. "
            + "With no command it analyses the bundled example visit.");
        root.Options.Add(Settings);

        // Commands that need no record store.
        root.Subcommands.Add(PluginsCommand.Create());
        root.Subcommands.Add(WorkflowCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());

        // Commands over the clinical record; each goes through the application services a host application uses.
        root.Subcommands.Add(DemoCommand.Create());
        foreach (var command in RecordCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        root.SetAction((parse, cancellationToken) => Run(() => AnalyzeCommand.RunExampleAsync(parse, cancellationToken)));
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration()).ConfigureAwait(false);
    }

    /// <summary>Runs a command body, turning every failure into one line on standard error and an exit code.</summary>
    public static async Task<int> Run(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // the console's last line of defence: a message, never a stack trace
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Unexpected;
        }
    }
}
