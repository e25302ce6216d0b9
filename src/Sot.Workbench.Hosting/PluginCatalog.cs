namespace Sot.Workbench.Hosting;

internal sealed class PluginCatalog : IPluginCatalog
{
    private const int MaxFaults = 1000;
    private readonly Lock _gate = new();
    private readonly List<PluginFault> _faults = [];

    public PluginCatalog(IReadOnlyList<PluginInfo> plugins)
    {
        Plugins = plugins;
        Active = plugins.Where(p => p.Status == PluginStatus.Active).OrderBy(p => p.LoadOrder).ToArray();
    }

    public IReadOnlyList<PluginInfo> Plugins { get; }

    public IReadOnlyList<PluginInfo> Active { get; }

    public IReadOnlyList<PluginFault> Faults
    {
        get
        {
            lock (_gate)
            {
                return _faults.ToArray();
            }
        }
    }

    public PluginInfo? Find(string id) => Plugins.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));

    internal void AddFault(PluginFault fault)
    {
        lock (_gate)
        {
            if (_faults.Count == MaxFaults)
            {
                _faults.RemoveAt(0);
            }

            _faults.Add(fault);
        }
    }
}
