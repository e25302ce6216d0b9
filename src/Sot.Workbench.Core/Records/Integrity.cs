using System.Globalization;

namespace Sot.Workbench.Records;

/// <summary>What is wrong with the first broken event.</summary>
public enum IntegrityFailureKind
{
    /// <summary>The stored hash does not match the hash computed from the stored fields: some byte was changed.</summary>
    HashMismatch = 1,
    /// <summary>The stored previous hash does not match the hash of the stream's previous event.</summary>
    PreviousHashMismatch = 2,
    /// <summary>The versions of the stream are not 1, 2, 3… without gaps (an event is missing, duplicated or renumbered).</summary>
    VersionGap = 3,
    /// <summary>The global positions are not strictly increasing.</summary>
    PositionOrder = 4,
    /// <summary>The event's stream kind or patient differs from the stream's first event.</summary>
    StreamMismatch = 5,
    /// <summary>A stored field cannot be read (damaged or changed outside the store).</summary>
    Malformed = 6,
    /// <summary>The stream's recorded head (version, hash, kind or patient) does not match its last event.</summary>
    StreamHeadMismatch = 7,
    /// <summary>The record no longer matches a checkpoint kept outside the store (history rewritten or truncated).</summary>
    CheckpointMismatch = 8,
}

/// <summary>The first broken event found by verification.</summary>
/// <param name="Stream">The stream (null when the stored stream id itself cannot be read).</param>
/// <param name="Version">The event's version as stored (0 for a failure about a whole stream or checkpoint).</param>
/// <param name="Position">The event's global position (0 when not about one event).</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Detail">What differs (ids, versions and hashes only; never record content).</param>
public sealed record IntegrityFailure(StreamId? Stream, long Version, long Position, IntegrityFailureKind Kind, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => Stream is { } s
        ? $"{Kind} in stream {s} at version {Version.ToString(CultureInfo.InvariantCulture)}: {Detail}"
        : $"{Kind}: {Detail}";
}

/// <summary>
/// One hash over every stream's head as of a global position: keep it outside the database (printed, mailed,
/// in another system). A record whose history was rewritten and re-hashed, or truncated, no longer matches it.
/// The text form is <c>sotwb-checkpoint-1:&lt;position&gt;:&lt;streams&gt;:&lt;events&gt;:&lt;hash&gt;</c>.
/// </summary>
/// <param name="Position">The global position it was taken at (0 for an empty store).</param>
/// <param name="StreamCount">The number of streams with events up to that position.</param>
/// <param name="EventCount">The number of events up to that position.</param>
/// <param name="Hash">The checkpoint hash (see <see cref="EventHashing.ComputeCheckpoint"/>).</param>
public sealed record RecordCheckpoint(long Position, long StreamCount, long EventCount, EventHash Hash)
{
    private const string Prefix = "sotwb-checkpoint-1:";

    /// <summary>Parses the text form.</summary>
    /// <exception cref="FormatException">The text is not a checkpoint.</exception>
    public static RecordCheckpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split(':');
        if (parts.Length != 5 || parts[0] + ":" != Prefix
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var streams)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var events))
        {
            throw new FormatException("A record checkpoint reads 'sotwb-checkpoint-1:<position>:<streams>:<events>:<64 hexadecimal digits>'.");
        }

        return new RecordCheckpoint(position, streams, events, EventHash.Parse(parts[4]));
    }

    /// <summary>The text form.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Position}:{StreamCount}:{EventCount}:{Hash}");
}

/// <summary>The outcome of verifying a whole store.</summary>
/// <param name="FirstFailure">The first broken event (in global order), or null when every chain verifies.</param>
/// <param name="EventsChecked">Events checked before stopping.</param>
/// <param name="StreamsChecked">Streams seen.</param>
/// <param name="Checkpoint">The checkpoint over every stream head now (null when verification stopped at a failure).</param>
/// <param name="KeptCheckpointMatches">Whether a kept checkpoint given to verification matches (null when none was given).</param>
public sealed record IntegrityReport(IntegrityFailure? FirstFailure, long EventsChecked, long StreamsChecked, RecordCheckpoint? Checkpoint, bool? KeptCheckpointMatches)
{
    /// <summary>True when every chain verifies (and a kept checkpoint, if given, matches).</summary>
    public bool IsIntact => FirstFailure is null;
}

/// <summary>Thrown when stored data fails an integrity check while it is read.</summary>
public sealed class RecordIntegrityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RecordIntegrityException(IntegrityFailure failure)
        : base((failure ?? throw new ArgumentNullException(nameof(failure))).ToString())
    {
        Failure = failure;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordIntegrityException() : this("The record failed an integrity check.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordIntegrityException(string message) : base(message)
    {
        Failure = new IntegrityFailure(null, 0, 0, IntegrityFailureKind.Malformed, message);
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordIntegrityException(string message, Exception innerException) : base(message, innerException)
    {
        Failure = new IntegrityFailure(null, 0, 0, IntegrityFailureKind.Malformed, message);
    }

    /// <summary>What is wrong.</summary>
    public IntegrityFailure Failure { get; }
}
