using Microsoft.Extensions.Options;

namespace Sot.Workbench.Hosting;

/// <summary>Validates <see cref="WorkbenchOptions"/> at start (and before plugins are loaded).</summary>
internal sealed class WorkbenchOptionsValidator : IValidateOptions<WorkbenchOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkbenchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var directory in options.PluginDirectories)
        {
            if (string.IsNullOrWhiteSpace(directory))
            {
                errors.Add("Workbench:PluginDirectories contains an empty entry.");
            }
        }

        foreach (var id in options.Plugins.Keys)
        {
            if (!PluginManifest.IsValidId(id))
            {
                errors.Add($"Workbench:Plugins:{id} is not a valid plugin id (lower-case letters, digits, '.', '-' and '_').");
            }
        }

        if (!Enum.IsDefined(options.Trust.Mode))
        {
            errors.Add($"Workbench:Trust:Mode '{options.Trust.Mode}' is not defined (Open or AllowList).");
        }

        foreach (var (id, hash) in options.Trust.AllowList)
        {
            if (!PluginFolderHash.IsWellFormed(hash))
            {
                errors.Add($"Workbench:Trust:AllowList:{id} must be a SHA-256 hash of 64 hexadecimal characters.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
