// Shared source compiled into each clinical plugin (linked, not referenced).
using System.Runtime.InteropServices;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Shared;

/// <summary>Reads a visit's findings as a span, so rules scan them without an interface call per item.</summary>
internal static class FindingSpan
{
    public static ReadOnlySpan<Finding> Of(IReadOnlyList<Finding> findings) => findings switch
    {
        Finding[] array => array,
        List<Finding> list => CollectionsMarshal.AsSpan(list),
        _ => findings.ToArray(),
    };
}
