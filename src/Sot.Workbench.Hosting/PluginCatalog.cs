namespace Sot.Workbench.Hosting;

internal sealed class PluginCatalog : IPluginCatalog
{
    private const int MaxFaults = 1000;
    private readonly Lock _gate = new();
    private readonly List<PluginFault> _faults = [];

    public PluginCatalog(IReadOnlyList<PluginInfo> plugins)
    {
        Plugins = plugins;
        Active = InLoadOrder(plugins);
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

    // The active plugins ordered by load order, stably (an insertion sort: no LINQ sorter to compile on a cold start).
    private static PluginInfo[] InLoadOrder(IReadOnlyList<PluginInfo> plugins)
    {
        var active = new List<PluginInfo>(plugins.Count);
        foreach (var plugin in plugins)
        {
            if (plugin.Status != PluginStatus.Active)
            {
                continue;
            }

            var at = active.Count;
            while (at > 0 && Nullable.Compare(active[at - 1].LoadOrder, plugin.LoadOrder) > 0)
            {
                at--;
            }

            active.Insert(at, plugin);
        }

        return active.ToArray();
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
