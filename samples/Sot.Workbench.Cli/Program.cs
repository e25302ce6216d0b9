using Sot.Workbench.Cli;

// The clinic console. Commands, options and exit codes: README.md ("The clinic console") and `sot-workbench --help`.
return await WorkbenchCli.RunAsync(args).ConfigureAwait(false);
