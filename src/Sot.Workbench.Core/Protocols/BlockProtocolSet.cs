using System.Diagnostics.CodeAnalysis;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Protocols;

/// <summary>What one protocol file in a set said about itself.</summary>
/// <param name="FileName">The file's name (the built-in defaults are "block-protocols.json").</param>
/// <param name="SchemaVersion">The file format version.</param>
/// <param name="DataVersion">The version of the data, as the file's author numbered it.</param>
/// <param name="Source">The file's source note.</param>
/// <param name="Mode">How a clinic file combined with the set; null for the built-in defaults.</param>
/// <param name="IsDefaultData">True for the built-in defaults.</param>
public sealed record ProtocolFileInfo(string? FileName, int SchemaVersion, string DataVersion, string Source, ProtocolFileMode? Mode, bool IsDefaultData);

/// <summary>
/// An immutable set of blocking protocols: the built-in public defaults, optionally extended or
/// replaced by a clinic's own protocol file. Loading a file returns a new set; a rejected file throws
/// <see cref="ProtocolFileException"/> and leaves the set it was loaded onto unchanged.
/// </summary>
/// <remarks>
/// <para>
/// File format (schema version 1), UTF-8 JSON; <c>//</c> and <c>/* */</c> comments and trailing
/// commas are allowed, field names are case-sensitive, enum values are matched ignoring case, and
/// unknown fields are rejected so that a misspelt field cannot be silently ignored:
/// </para>
/// <code>
/// {
///   "schemaVersion": 1,
///   "dataVersion": "2025-03",
///   "source": "Our clinic's protocols, reviewed by Dr A",
///   "mode": "extend",                       // or "replace"; required in a clinic file
///   "protocols": [ {
///     "code": "CAT1-PRONE-CLINIC",
///     "label": "Category I, prone (clinic)", // optional, defaults to the code
///     "category": "I",                       // I, II, III
///     "position": "Prone",                   // an AnalysisPosition
///     "shortLegSideBlock": { "site": "GreaterTrochanter", "orientation": "Oblique", "angleDegrees": 45 },
///     "longLegSideBlock":  { "site": "IliacCrest", "orientation": "Level" },   // angleDegrees optional, 0–90
///     "suggestedMinutes": { "min": 2, "max": 5 },  // or a single whole number; 1–30
///     "breath": "SlowDeep",                  // optional, a BreathPhase; default SlowDeep
///     "adjuncts": [ "Pumping" ],             // optional, BlockingAdjunct values
///     "verification": [ "C1-HEEL", "C1-CREST" ],
///     "provenance": { "reliability": "Gap", "source": "Clinic protocol" }
///   } ]
/// }
/// </code>
/// <para>
/// <b>Extend</b> adds the file's protocols to the set. A code already in the set is rejected rather
/// than overridden: a code then always means one definition, and overriding is not needed because a
/// clinic protocol is chosen before the default for its category (<see cref="Select"/>). To change the
/// defaults themselves, use <b>replace</b>, which keeps only the file's protocols. Apply a clinic file
/// to <see cref="Defaults"/> (not to a set that already holds it), or extending twice rejects every code.
/// </para>
/// </remarks>
public sealed class BlockProtocolSet
{
    /// <summary>The only file schema version this library reads.</summary>
    public const int SupportedSchemaVersion = 1;

    /// <summary>The largest protocol file accepted, in bytes.</summary>
    public const int MaximumFileBytes = 1024 * 1024;

    /// <summary>The file name of the built-in defaults.</summary>
    public const string DefaultsFileName = "block-protocols.json";

    private const string DefaultsResourceName = "Sot.Workbench.Data." + DefaultsFileName;

    private static readonly Lazy<BlockProtocolSet> LazyDefaults = new(() => LoadDefaults());

    private readonly BlockProtocol[] _protocols;
    private readonly Dictionary<string, BlockProtocol> _byCode;
    private readonly ProtocolFileInfo[] _files;

    private BlockProtocolSet(BlockProtocol[] protocols, ProtocolFileInfo[] files)
    {
        _protocols = protocols;
        _files = files;
        _byCode = protocols.ToDictionary(p => p.Code, StringComparer.Ordinal);
    }

    /// <summary>A set with no protocols (a clinic file in either mode can be loaded onto it).</summary>
    public static BlockProtocolSet Empty { get; } = new([], []);

    /// <summary>The built-in public defaults, loaded once without checking indicator codes against a catalogue.</summary>
    public static BlockProtocolSet Defaults => LazyDefaults.Value;

    /// <summary>The protocols in file order (defaults first, then each clinic file's protocols).</summary>
    public IReadOnlyList<BlockProtocol> Protocols => _protocols;

    /// <summary>The files that make up the set, oldest first. A replace-mode file drops the ones before it.</summary>
    public IReadOnlyList<ProtocolFileInfo> Files => _files;

    /// <summary>Loads the built-in public defaults from the library's embedded data.</summary>
    /// <param name="isKnownIndicator">Optional: returns true when an indicator code is in the caller's catalogue.</param>
    /// <exception cref="ProtocolFileException">A verification code in the defaults is not in the caller's catalogue.</exception>
    public static BlockProtocolSet LoadDefaults(Func<string, bool>? isKnownIndicator = null)
    {
        using var stream = typeof(BlockProtocolSet).Assembly.GetManifestResourceStream(DefaultsResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{DefaultsResourceName}' is missing from the library.");
        var file = ProtocolFileReader.Read(ReadAll(stream, DefaultsFileName), DefaultsFileName, isDefaultData: true, isKnownIndicator, new HashSet<string>());
        return new BlockProtocolSet([.. file.Protocols], [file.Info]);
    }

    /// <summary>Loads a clinic's protocol file onto this set, returning the new set. This set is not changed.</summary>
    /// <param name="stream">The file's content (UTF-8 JSON, at most <see cref="MaximumFileBytes"/>).</param>
    /// <param name="fileName">The file's name, used in error messages.</param>
    /// <param name="isKnownIndicator">Optional: returns true when an indicator code is in the caller's catalogue; other codes are rejected.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ProtocolFileException">The file cannot be read or breaks a rule.</exception>
    public BlockProtocolSet WithClinicFile(Stream stream, string? fileName = null, Func<string, bool>? isKnownIndicator = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var file = ProtocolFileReader.Read(ReadAll(stream, fileName), fileName, isDefaultData: false, isKnownIndicator, _byCode.Keys.ToHashSet(StringComparer.Ordinal));
        return file.Info.Mode == ProtocolFileMode.Replace
            ? new BlockProtocolSet([.. file.Protocols], [file.Info])
            : new BlockProtocolSet([.. _protocols, .. file.Protocols], [.. _files, file.Info]);
    }

    /// <summary>Loads a clinic's protocol file from disk onto this set, returning the new set. This set is not changed.</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="isKnownIndicator">Optional: returns true when an indicator code is in the caller's catalogue; other codes are rejected.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ProtocolFileException">The file cannot be read or breaks a rule.</exception>
    public BlockProtocolSet WithClinicFile(string path, Func<string, bool>? isKnownIndicator = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fileName = Path.GetFileName(path);
        FileStream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw Unreadable(fileName, ex);
        }

        using (stream)
        {
            return WithClinicFile(stream, fileName, isKnownIndicator);
        }
    }

    /// <summary>True when the set has a protocol with this code.</summary>
    public bool Contains(string code) => code is not null && _byCode.ContainsKey(code);

    /// <summary>Finds a protocol by code.</summary>
    public bool TryGet(string code, [MaybeNullWhen(false)] out BlockProtocol protocol)
    {
        if (code is null)
        {
            protocol = null;
            return false;
        }

        return _byCode.TryGetValue(code, out protocol);
    }

    /// <summary>The protocol with this code.</summary>
    /// <exception cref="KeyNotFoundException">The set has no protocol with this code.</exception>
    public BlockProtocol Get(string code)
        => TryGet(code, out var protocol)
            ? protocol
            : throw new KeyNotFoundException($"The blocking-protocol set has no protocol '{code}'.");

    /// <summary>Every protocol for <paramref name="category"/>: the clinic's first (in file order), then the defaults.</summary>
    public IReadOnlyList<BlockProtocol> ForCategory(SotCategory category)
        => [.. _protocols.Where(p => p.Category == category && !p.IsDefault), .. _protocols.Where(p => p.Category == category && p.IsDefault)];

    /// <summary>
    /// The protocol to suggest for <paramref name="category"/>: the clinic's first protocol for the
    /// category in file order, else the default; null when the set has none.
    /// </summary>
    public BlockProtocol? Select(SotCategory category)
        => _protocols.FirstOrDefault(p => p.Category == category && !p.IsDefault)
            ?? _protocols.FirstOrDefault(p => p.Category == category);

    /// <summary>Resolves the suggested protocol for <paramref name="category"/> (see <see cref="Select"/>) for a short leg on <paramref name="shortLegSide"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shortLegSide"/> is not <see cref="Side.Left"/> or <see cref="Side.Right"/>.</exception>
    /// <exception cref="KeyNotFoundException">The set has no protocol for the category.</exception>
    public BlockingPlan Plan(SotCategory category, Side shortLegSide)
    {
        RequireSingleSide(shortLegSide);
        var protocol = Select(category)
            ?? throw new KeyNotFoundException($"The blocking-protocol set has no protocol for Category {category}.");
        return protocol.PlanFor(shortLegSide);
    }

    /// <summary>Resolves the protocol with code <paramref name="code"/> for a short leg on <paramref name="shortLegSide"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shortLegSide"/> is not <see cref="Side.Left"/> or <see cref="Side.Right"/>.</exception>
    /// <exception cref="KeyNotFoundException">The set has no protocol with this code.</exception>
    public BlockingPlan Plan(string code, Side shortLegSide)
    {
        RequireSingleSide(shortLegSide);
        return Get(code).PlanFor(shortLegSide);
    }

    private static void RequireSingleSide(Side shortLegSide)
    {
        if (!shortLegSide.IsSingle())
        {
            // The value is a patient finding, so it stays out of the message.
            throw new ArgumentOutOfRangeException(
                nameof(shortLegSide),
                "The short-leg side must be Left or Right to place blocks (not None or Bilateral). Re-check leg length first.");
        }
    }

    private static byte[] ReadAll(Stream stream, string? fileName)
    {
        try
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (buffer.Length + read > MaximumFileBytes)
                {
                    throw new ProtocolFileException(
                        fileName,
                        [new ProtocolFileError(ProtocolFileRule.FileTooLarge, null, null, null, null, $"the file is larger than {MaximumFileBytes} bytes.")]);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException)
        {
            throw Unreadable(fileName, ex);
        }
    }

    private static ProtocolFileException Unreadable(string? fileName, Exception inner)
        => new(fileName, [new ProtocolFileError(ProtocolFileRule.Unreadable, null, null, null, null, "the file could not be read.")], inner);
}
