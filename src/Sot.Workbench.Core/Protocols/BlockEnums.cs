namespace Sot.Workbench.Protocols;

/// <summary>The anatomical landmark a block (wedge) is placed under.</summary>
public enum BlockAnatomicalSite
{
    /// <summary>The iliac crest.</summary>
    IliacCrest = 0,
    /// <summary>The anterior superior iliac spine.</summary>
    Asis = 1,
    /// <summary>The ilium (wing), not a named point on it.</summary>
    Ilium = 2,
    /// <summary>The posterior superior iliac spine.</summary>
    Psis = 3,
    /// <summary>The greater trochanter.</summary>
    GreaterTrochanter = 4,
    /// <summary>The acetabular region.</summary>
    Acetabulum = 5,
    /// <summary>The knee.</summary>
    Knee = 6,
    /// <summary>The thoracic spine.</summary>
    Thoracic = 7,
    /// <summary>The rib cage.</summary>
    RibCage = 8,
    /// <summary>The clavicle.</summary>
    Clavicle = 9,
    /// <summary>Another site, described in the protocol's label or source note.</summary>
    Other = 10,
}

/// <summary>How a block is laid or angled. The angle itself, where known, is a separate number.</summary>
public enum BlockOrientation
{
    /// <summary>Not published or not specified; the practitioner places the block by re-testing.</summary>
    Unspecified = 0,
    /// <summary>Laid roughly level.</summary>
    Level = 1,
    /// <summary>Angled obliquely (see the placement's angle, if any).</summary>
    Oblique = 2,
    /// <summary>Angled toward the opposite shoulder.</summary>
    TowardOppositeShoulder = 3,
    /// <summary>Angled toward the opposite buttock.</summary>
    TowardOppositeButtock = 4,
    /// <summary>Angled toward the feet.</summary>
    Caudal = 5,
    /// <summary>A clinic-defined orientation, described in the protocol's label or source note.</summary>
    Custom = 6,
}

/// <summary>An adjunct a practitioner may apply while the patient is on the blocks.</summary>
public enum BlockingAdjunct
{
    /// <summary>No adjunct.</summary>
    None = 0,
    /// <summary>Rhythmic pressure at the PSIS, ischium or sacrum.</summary>
    Pumping = 1,
    /// <summary>Leg traction.</summary>
    LegTraction = 2,
    /// <summary>Sacral traction.</summary>
    SacralTraction = 3,
    /// <summary>Psoas release by the practitioner's hand under the patient.</summary>
    PsoasRelease = 4,
}

/// <summary>How a clinic's protocol file combines with the protocol set it is loaded onto.</summary>
public enum ProtocolFileMode
{
    /// <summary>The file's protocols are added to the set; a code already in the set is rejected.</summary>
    Extend = 0,
    /// <summary>The file's protocols replace every protocol in the set, defaults included.</summary>
    Replace = 1,
}
