namespace Sot.Workbench.Domain;

/// <summary>A body side as recorded by the practitioner.</summary>
public enum Side
{
    /// <summary>No side applies or none was recorded.</summary>
    None = 0,
    /// <summary>The patient's left.</summary>
    Left = 1,
    /// <summary>The patient's right.</summary>
    Right = 2,
    /// <summary>Both sides.</summary>
    Bilateral = 3,
}

/// <summary>Helpers for <see cref="Side"/>.</summary>
public static class SideExtensions
{
    /// <summary>The opposite side: left ↔ right; <see cref="Side.None"/> and <see cref="Side.Bilateral"/> map to themselves.</summary>
    public static Side Opposite(this Side side) => side switch
    {
        Side.Left => Side.Right,
        Side.Right => Side.Left,
        _ => side,
    };

    /// <summary>True for <see cref="Side.Left"/> and <see cref="Side.Right"/>.</summary>
    public static bool IsSingle(this Side side) => side is Side.Left or Side.Right;
}

/// <summary>The patient position an indicator is tested in. SOT analysis is done standing, prone and supine.</summary>
public enum AnalysisPosition
{
    /// <summary>Standing (vertical), e.g. in the distortion analyser.</summary>
    Standing = 0,
    /// <summary>Seated.</summary>
    Seated = 1,
    /// <summary>Lying face down.</summary>
    Prone = 2,
    /// <summary>Lying face up.</summary>
    Supine = 3,
    /// <summary>Lying on one side.</summary>
    SideLying = 4,
}

/// <summary>The patient's breath phase a contact or block is timed to.</summary>
public enum BreathPhase
{
    /// <summary>Not timed to breathing.</summary>
    None = 0,
    /// <summary>On inhalation.</summary>
    Inhale = 1,
    /// <summary>On exhalation.</summary>
    Exhale = 2,
    /// <summary>Breath held in.</summary>
    HoldIn = 3,
    /// <summary>Breath held out.</summary>
    HoldOut = 4,
    /// <summary>Relaxed slow deep breathing (typical while on blocks).</summary>
    SlowDeep = 5,
}

/// <summary>A palpation or tenderness grade.</summary>
public enum Grade
{
    /// <summary>Not present.</summary>
    None = 0,
    /// <summary>Mild.</summary>
    Mild = 1,
    /// <summary>Moderate.</summary>
    Moderate = 2,
    /// <summary>Marked.</summary>
    Marked = 3,
}

/// <summary>Whether a leg-length difference is functional or anatomical.</summary>
public enum LegLengthKind
{
    /// <summary>Not established.</summary>
    Unknown = 0,
    /// <summary>Functional (changes with position or blocking).</summary>
    Functional = 1,
    /// <summary>Anatomical (structural).</summary>
    Anatomical = 2,
}

/// <summary>A spinal level, from the occiput to the coccyx.</summary>
public enum SpinalLevel
{
#pragma warning disable CS1591 // the names are the anatomical levels themselves
    Occiput = 0,
    C1, C2, C3, C4, C5, C6, C7,
    T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12,
    L1, L2, L3, L4, L5,
    Sacrum, Coccyx,
#pragma warning restore CS1591
}

/// <summary>The provenance class of a rule, chart or reference fact (see the domain reference's confidence tags).</summary>
public enum ReliabilityTag
{
    /// <summary>Stated consistently by several independent public sources.</summary>
    Firm = 0,
    /// <summary>One public source.</summary>
    SingleSource = 1,
    /// <summary>Sources disagree; the version used is named in the source note.</summary>
    Conflict = 2,
    /// <summary>Not found in public material; clinic-supplied data or a placeholder.</summary>
    Gap = 3,
}

/// <summary>An SOT category. Categories are protocol classifications the practitioner decides; the software only suggests.</summary>
public enum SotCategory
{
    /// <summary>Category I.</summary>
    I = 1,
    /// <summary>Category II.</summary>
    II = 2,
    /// <summary>Category III.</summary>
    III = 3,
}
