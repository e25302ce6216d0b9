// Shared source compiled into each clinical plugin (linked, not referenced).
using System.Runtime.InteropServices;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Plugins.Shared;

/// <summary>Reads a visit's findings (and the suggestions so far) as spans, so rules scan them without an interface call per item.</summary>
internal static class FindingSpan
{
    public static ReadOnlySpan<Finding> Of(IReadOnlyList<Finding> findings) => findings switch
    {
        Finding[] array => array,
        List<Finding> list => CollectionsMarshal.AsSpan(list),
        _ => findings.ToArray(),
    };

    /// <summary>The suggestions made so far as a span (the analysis keeps them in a list).</summary>
    public static ReadOnlySpan<Analysis.Suggestion> Of(IReadOnlyList<Analysis.Suggestion> suggestions) => suggestions switch
    {
        List<Analysis.Suggestion> list => CollectionsMarshal.AsSpan(list),
        Analysis.Suggestion[] array => array,
        _ => suggestions.ToArray(),
    };
}
