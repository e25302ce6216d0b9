using System.Collections.Immutable;

namespace Sot.Workbench.Safety;

/// <summary>
/// The outcome of a red-flag screen: the red flags found, the precautions noted and the referral
/// triggers seen. Pure data; two screens are equal when they hold the same items.
/// </summary>
public sealed record RedFlagScreen
{
    /// <summary>Creates a screen result.</summary>
    /// <param name="redFlags">Red flags found (duplicates are merged).</param>
    /// <param name="precautions">Precautions noted.</param>
    /// <param name="referralTriggers">Referral triggers seen.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not defined.</exception>
    public RedFlagScreen(
        IEnumerable<RedFlag>? redFlags = null,
        IEnumerable<Precaution>? precautions = null,
        IEnumerable<ReferralTrigger>? referralTriggers = null)
    {
        RedFlags = ToSet(redFlags, nameof(redFlags));
        Precautions = ToSet(precautions, nameof(precautions));
        ReferralTriggers = ToSet(referralTriggers, nameof(referralTriggers));
    }

    /// <summary>A screen that found nothing.</summary>
    public static RedFlagScreen Clear { get; } = new();

    /// <summary>The red flags found, in enum order.</summary>
    public IReadOnlySet<RedFlag> RedFlags { get; }

    /// <summary>The precautions noted, in enum order.</summary>
    public IReadOnlySet<Precaution> Precautions { get; }

    /// <summary>The referral triggers seen, in enum order.</summary>
    public IReadOnlySet<ReferralTrigger> ReferralTriggers { get; }

    /// <summary>True when any absolute red flag was found: stop and refer.</summary>
    public bool HasAbsoluteRedFlag => RedFlags.Count > 0;

    /// <summary>True when any precaution was noted.</summary>
    public bool HasPrecautions => Precautions.Count > 0;

    /// <summary>True when a red flag or a referral trigger prompts referral.</summary>
    public bool RequiresReferral => HasAbsoluteRedFlag || ReferralTriggers.Count > 0;

    /// <summary>True when nothing was found.</summary>
    public bool IsClear => RedFlags.Count == 0 && Precautions.Count == 0 && ReferralTriggers.Count == 0;

    /// <summary>The most serious prompt the screen gives.</summary>
    public SafetyDisposition Disposition => HasAbsoluteRedFlag
        ? SafetyDisposition.StopAndRefer
        : ReferralTriggers.Count > 0
            ? SafetyDisposition.ReferOut
            : HasPrecautions ? SafetyDisposition.ModifyTreatment : SafetyDisposition.Clear;

    /// <summary>The catalogue entries for everything found: red flags, then referral triggers, then precautions.</summary>
    public IReadOnlyList<SafetyItemInfo> Items =>
    [
        .. RedFlags.Select(SafetyCatalogue.Describe),
        .. ReferralTriggers.Select(SafetyCatalogue.Describe),
        .. Precautions.Select(SafetyCatalogue.Describe),
    ];

    /// <summary>True when <paramref name="redFlag"/> was found.</summary>
    public bool Has(RedFlag redFlag) => RedFlags.Contains(redFlag);

    /// <summary>True when <paramref name="precaution"/> was noted.</summary>
    public bool Has(Precaution precaution) => Precautions.Contains(precaution);

    /// <summary>True when <paramref name="trigger"/> was seen.</summary>
    public bool Has(ReferralTrigger trigger) => ReferralTriggers.Contains(trigger);

    /// <summary>This screen with <paramref name="redFlag"/> added.</summary>
    public RedFlagScreen With(RedFlag redFlag) => new(RedFlags.Append(redFlag), Precautions, ReferralTriggers);

    /// <summary>This screen with <paramref name="precaution"/> added.</summary>
    public RedFlagScreen With(Precaution precaution) => new(RedFlags, Precautions.Append(precaution), ReferralTriggers);

    /// <summary>This screen with <paramref name="trigger"/> added.</summary>
    public RedFlagScreen With(ReferralTrigger trigger) => new(RedFlags, Precautions, ReferralTriggers.Append(trigger));

    /// <summary>Everything found by this screen or <paramref name="other"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is null.</exception>
    public RedFlagScreen Combine(RedFlagScreen other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(RedFlags.Concat(other.RedFlags), Precautions.Concat(other.Precautions), ReferralTriggers.Concat(other.ReferralTriggers));
    }

    /// <summary>Equal when both screens hold the same items.</summary>
    public bool Equals(RedFlagScreen? other)
        => other is not null
            && RedFlags.SetEquals(other.RedFlags)
            && Precautions.SetEquals(other.Precautions)
            && ReferralTriggers.SetEquals(other.ReferralTriggers);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in RedFlags)
        {
            hash.Add(item);
        }

        hash.Add(-1);
        foreach (var item in Precautions)
        {
            hash.Add(item);
        }

        hash.Add(-1);
        foreach (var item in ReferralTriggers)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    private static ImmutableSortedSet<T> ToSet<T>(IEnumerable<T>? items, string parameterName)
        where T : struct, Enum
    {
        if (items is null)
        {
            return [];
        }

        var set = ImmutableSortedSet.CreateRange(items);
        foreach (var item in set)
        {
            if (!Enum.IsDefined(item))
            {
                throw new ArgumentOutOfRangeException(parameterName, item, $"Unknown {typeof(T).Name} value.");
            }
        }

        return set;
    }
}
