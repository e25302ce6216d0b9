using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Sot.Workbench.Hosting;

namespace Sot.Workbench.Cli.Commands;

/// <summary><c>plugins [--json]</c>: every discovered plugin folder with its status and the reason.</summary>
internal static class PluginsCommand
{
    private sealed record PluginRow(string Id, string? Name, string? Version, PluginStatus Status, bool Enabled, int? LoadOrder, IReadOnlyList<string> Dependencies, string Folder, string Reason);

    private sealed record PluginReport(IReadOnlyList<string> PluginDirectories, IReadOnlyList<PluginRow> Plugins);

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Write the statuses as JSON." };
        var command = new Command("plugins", "Show every discovered plugin with its status (Active, Disabled, Untrusted, Incompatible, MissingDependency, Failed) and the reason.")
        {
            json,
        };
        command.SetAction((parse, cancellationToken) => WorkbenchCli.Run(async () =>
        {
            await using var session = await WorkbenchSession.StartAsync(parse.GetValue(WorkbenchCli.Settings) ?? [], cancellationToken).ConfigureAwait(false);
            var rows = session.Plugins.Plugins
                .Select(p => new PluginRow(p.Id, p.Name, p.Version?.ToString(), p.Status, p.Enabled, p.LoadOrder, p.Dependencies, p.Folder, p.Reason))
                .ToArray();
            if (parse.GetValue(json))
            {
                CliJson.Write(new PluginReport(session.PluginDirectories, rows));
                return ExitCodes.Ok;
            }

            Print(session.PluginDirectories, rows);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static void Print(IReadOnlyList<string> directories, IReadOnlyList<PluginRow> rows)
    {
        foreach (var directory in directories)
        {
            Console.Out.WriteLine($"Plugin folder: {directory}{(Directory.Exists(directory) ? string.Empty : " (does not exist)")}");
        }

        if (rows.Count == 0)
        {
            Console.Out.WriteLine("No plugins found: each plugin is a sub-folder holding a plugin.json.");
            return;
        }

        var table = new Table().AddColumns("Id", "Version", "Status", "Enabled", "Order");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Id),
                Markup.Escape(row.Version ?? "-"),
                $"[{Colour(row.Status)}]{row.Status}[/]",
                row.Enabled ? "yes" : "no",
                row.LoadOrder?.ToString(CultureInfo.InvariantCulture) ?? "-");
        }

        AnsiConsole.Write(table);
        Console.Out.WriteLine($"{rows.Count(r => r.Status == PluginStatus.Active)} of {rows.Count} plugins active.");
        Console.Out.WriteLine();
        Console.Out.WriteLine("Reasons:");
        foreach (var row in rows)
        {
            Console.Out.WriteLine($"  {row.Id} ({row.Status}): {row.Reason}");
        }
    }

    private static string Colour(PluginStatus status) => status switch
    {
        PluginStatus.Active => "green",
        PluginStatus.Disabled => "grey",
        _ => "red",
    };
}
