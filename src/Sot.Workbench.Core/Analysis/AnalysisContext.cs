using Sot.Workbench.Catalogue;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Analysis;

/// <summary>The state of one analysis run, handed to each rule in turn.</summary>
public sealed class AnalysisContext
{
    private readonly List<Suggestion> _suggestions;
    private CodeIndex? _index;

    internal AnalysisContext(AnalysisInput input, IndicatorCatalogue catalogue, string ruleSet, int ruleCount = 4)
    {
        _suggestions = new(Math.Max(4, ruleCount));
        Input = input;
        Catalogue = catalogue;
        RuleSet = ruleSet;
    }

    /// <summary>The input analysed.</summary>
    public AnalysisInput Input { get; }

    /// <summary>The visit's findings.</summary>
    public IReadOnlyList<Finding> Findings => Input.Findings;

    /// <summary>
    /// The visit's findings with the indicator code <paramref name="code"/> (ordinal comparison), in the order of
    /// <see cref="Findings"/>; empty when there are none. An index of the findings by code is built on the first
    /// call, once per analysis, so rules that look for a few codes need not each scan the whole visit.
    /// </summary>
    public ReadOnlySpan<Finding> FindingsWithCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return (_index ??= new CodeIndex(Input.Findings)).Find(code);
    }

    /// <summary>The catalogue the findings belong to.</summary>
    public IndicatorCatalogue Catalogue { get; }

    /// <summary>The rule set being run.</summary>
    public string RuleSet { get; }

    /// <summary>The suggestions made so far (by rules of this and earlier stages).</summary>
    public IReadOnlyList<Suggestion> Suggestions => _suggestions;

    /// <summary>Adds a suggestion.</summary>
    public void Add(Suggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        _suggestions.Add(suggestion);
    }

    internal List<Suggestion> SuggestionList => _suggestions;

    /// <summary>
    /// Findings grouped by code in one array (visit order kept within each group), with a small open-addressing
    /// table from code to group. The table's hash reads only the code's length and two characters; equality is
    /// ordinal, so a collision costs a comparison, never a wrong answer.
    /// </summary>
    private sealed class CodeIndex
    {
        private readonly string?[] _codes;
        private readonly int[] _starts;
        private readonly int[] _counts;
        private readonly Finding[] _grouped;
        private readonly int _mask;

        public CodeIndex(IReadOnlyList<Finding> findings)
        {
            var n = findings.Count;
            var size = 8;
            while (size < n * 2)
            {
                size <<= 1;
            }

            _mask = size - 1;
            _codes = new string?[size];
            _starts = new int[size];
            _counts = new int[size];
            var slots = n <= 64 ? stackalloc int[n] : new int[n];
            for (var i = 0; i < n; i++)
            {
                var code = findings[i].Code;
                var slot = Slot(code);
                _codes[slot] = code;
                _counts[slot]++;
                slots[i] = slot;
            }

            var start = 0;
            for (var s = 0; s < size; s++)
            {
                _starts[s] = start;
                start += _counts[s];
            }

            _grouped = new Finding[n];
            var fill = n <= 64 ? stackalloc int[size] : new int[size];
            _starts.CopyTo(fill);
            for (var i = 0; i < n; i++)
            {
                _grouped[fill[slots[i]]++] = findings[i];
            }
        }

        public ReadOnlySpan<Finding> Find(string code)
        {
            var slot = Hash(code) & _mask;
            while (_codes[slot] is { } existing)
            {
                if (string.Equals(existing, code, StringComparison.Ordinal))
                {
                    return _grouped.AsSpan(_starts[slot], _counts[slot]);
                }

                slot = (slot + 1) & _mask;
            }

            return [];
        }

        private int Slot(string code)
        {
            var slot = Hash(code) & _mask;
            while (_codes[slot] is { } existing && !string.Equals(existing, code, StringComparison.Ordinal))
            {
                slot = (slot + 1) & _mask;
            }

            return slot;
        }

        private static int Hash(string code) => code.Length == 0 ? 0 : (code.Length * 31) ^ (code[^1] * 17) ^ code[code.Length / 2];
    }
}
