using Sot.Workbench.Cli;

// The clinic console. Commands, options and exit codes: README.md ("The clinic console") and `sot-workbench --help`.
// Redirected output (pipes, files, tests) gets wide tables so that ids are never wrapped.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

return await WorkbenchCli.RunAsync(args).ConfigureAwait(false);
