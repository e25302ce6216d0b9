using Sot.Workbench.Domain;

namespace Sot.Workbench.Records;

/// <summary>
/// The clinical record store: append-only, hash-chained event streams (a patient's administrative record, each
/// visit, each care plan), each belonging to one patient, with a patient index for search, paging lists and
/// whole-store verification. Every store (SQLite, PostgreSQL) passes the same contract test suite.
/// </summary>
/// <remarks>
/// Nothing is updated in place or deleted: the only writes are appends (and the patient index and stream status,
/// which are derived search aids kept in the same transaction). Implementations are thread-safe. Every method
/// applies pending schema migrations first (see <see cref="InitializeAsync"/>).
/// </remarks>
public interface IRecordStore
{
    /// <summary>Creates the store's schema or applies pending forward migrations. Idempotent; safe to call concurrently.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends events to a stream in one transaction, if the stream is at <see cref="AppendRequest.ExpectedVersion"/>.
    /// </summary>
    /// <returns>The stored events, with positions, versions and hashes.</returns>
    /// <exception cref="StreamVersionConflictException">The stream is at another version: nothing was written.</exception>
    /// <exception cref="StreamOwnershipException">The stream exists with another kind or patient: nothing was written.</exception>
    /// <exception cref="ArgumentException">The request is malformed (no events, bad type name, payload not JSON…): nothing was written.</exception>
    Task<IReadOnlyList<StoredEvent>> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default);

    /// <summary>A stream's events from <paramref name="fromVersion"/> on, in version order; empty for an unknown stream.</summary>
    /// <exception cref="RecordIntegrityException">A stored envelope field cannot be read.</exception>
    Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default);

    /// <summary>The stream's head and ownership, or null when it has no events.</summary>
    Task<StreamInfo?> GetStreamAsync(StreamId stream, CancellationToken cancellationToken = default);

    /// <summary>Every event of every stream belonging to <paramref name="patient"/> (patient record, visits, care plans) in global order, read in one query.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadPatientHistoryAsync(PatientId patient, CancellationToken cancellationToken = default);

    /// <summary>Events of the whole store after <paramref name="afterPosition"/> in global order, at most <paramref name="maxCount"/> (for copying and exports).</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Patients whose name contains the query text (case- and accent-insensitive) and/or born on a date, ordered by family name, given name, id.</summary>
    Task<RecordPage<PatientIndexEntry>> FindPatientsAsync(PatientQuery query, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Every patient in the index, ordered by family name, given name, id.</summary>
    Task<RecordPage<PatientIndexEntry>> ListPatientsAsync(PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>Streams of one kind (e.g. visits), of one patient or of everyone, newest first (by the position of their first event).</summary>
    Task<RecordPage<StreamInfo>> ListStreamsAsync(StreamKind kind, PatientId? patient, PageRequest page, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies every chain: recomputes each event's hash from its stored fields, checks versions, previous hashes,
    /// ownership and recorded stream heads, and produces a checkpoint over every stream head.
    /// </summary>
    /// <param name="kept">A checkpoint kept outside the store to compare with, if any.</param>
    /// <param name="cancellationToken">Cancels the verification.</param>
    Task<IntegrityReport> VerifyAsync(RecordCheckpoint? kept = null, CancellationToken cancellationToken = default);

    /// <summary>Appends an audit entry (who did what to which record, when).</summary>
    /// <returns>The stored entry with its sequence number.</returns>
    Task<AuditEntry> AppendAuditAsync(AuditRecord entry, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends events and the audit entries of the commands that produced them as one unit of work. Stores that can
    /// write both in one transaction (the SQLite and PostgreSQL stores) do so, so a batch of commands costs one durable commit; this
    /// default appends the events and then each audit entry.
    /// </summary>
    /// <returns>The stored events, with positions, versions and hashes.</returns>
    /// <exception cref="StreamVersionConflictException">The stream is at another version: nothing was written.</exception>
    async Task<IReadOnlyList<StoredEvent>> AppendAuditedAsync(AppendRequest request, IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var stored = await AppendAsync(request, cancellationToken);
        foreach (var entry in audit)
        {
            await AppendAuditAsync(entry, cancellationToken);
        }

        return stored;
    }

    /// <summary>Audit entries matching <paramref name="query"/>, newest first.</summary>
    Task<RecordPage<AuditEntry>> QueryAuditAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default);
}

/// <summary>
/// A store that accepts a whole record copied from another store: events with their positions and hashes as
/// they are, stream statuses, the patient index and the audit trail. Used to move a clinic from SQLite to
/// PostgreSQL; the copy is verified afterwards with <see cref="IRecordStore.VerifyAsync"/> and the source's checkpoint.
/// </summary>
public interface IRecordImport
{
    /// <summary>
    /// Writes one batch in one transaction. Events must come in global position order, continue each stream's chain
    /// (they are verified as they are written) and have positions above every position already in the store.
    /// </summary>
    /// <exception cref="RecordIntegrityException">An event does not continue its chain: nothing of the batch was written.</exception>
    Task ImportAsync(RecordImportBatch batch, CancellationToken cancellationToken = default);
}

/// <summary>One batch of a copied record.</summary>
/// <param name="Events">Events in global position order.</param>
/// <param name="Streams">Stream statuses to set (streams whose events are in this or an earlier batch).</param>
/// <param name="Patients">Patient index entries to set.</param>
/// <param name="Audit">Audit entries, with their sequence numbers, in sequence order.</param>
public sealed record RecordImportBatch(
    IReadOnlyList<StoredEvent> Events,
    IReadOnlyList<StreamInfo> Streams,
    IReadOnlyList<PatientIndexEntry> Patients,
    IReadOnlyList<AuditEntry> Audit);

/// <summary>An append to one stream.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Kind">What the stream holds (fixed by its first append).</param>
/// <param name="Patient">The patient the stream belongs to (fixed by its first append).</param>
/// <param name="ExpectedVersion">The stream's version the writer saw: <see cref="NoStream"/> (0) for a new stream.</param>
/// <param name="Events">The events, in order (at least one).</param>
public sealed record AppendRequest(StreamId Stream, StreamKind Kind, PatientId Patient, long ExpectedVersion, IReadOnlyList<NewEvent> Events)
{
    /// <summary>The expected version of a stream that has no events yet.</summary>
    public const long NoStream = 0;

    /// <summary>
    /// The stream's status after this append, for lists (e.g. a visit's state name such as <c>Signed</c>); at most 64
    /// characters, never record content. Null keeps the previous status.
    /// </summary>
    public string? Status { get; init; }

    /// <summary>The patient's index entry to set with this append (registration, corrected details), if any.</summary>
    public PatientIndexEntry? PatientIndex { get; init; }
}

/// <summary>A stream's head and ownership.</summary>
/// <param name="Stream">The stream.</param>
/// <param name="Kind">What it holds.</param>
/// <param name="Patient">Whose it is.</param>
/// <param name="Version">Its head version (number of events).</param>
/// <param name="HeadHash">Its last event's hash.</param>
/// <param name="CreatedAt">Its first event's recorded time.</param>
/// <param name="UpdatedAt">Its last event's recorded time.</param>
/// <param name="Status">The status set by the latest append that gave one, if any.</param>
public sealed record StreamInfo(StreamId Stream, StreamKind Kind, PatientId Patient, long Version, EventHash HeadHash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Status);

/// <summary>
/// A patient's entry in the search index. This is patient data: stores keep it, but it never appears in logs or
/// exception messages. <see cref="ToString"/> gives the id only.
/// </summary>
/// <param name="Patient">The patient.</param>
/// <param name="GivenName">Given name(s).</param>
/// <param name="FamilyName">Family name.</param>
/// <param name="DateOfBirth">Date of birth.</param>
public sealed record PatientIndexEntry(PatientId Patient, string GivenName, string FamilyName, DateOnly DateOfBirth)
{
    /// <summary>The longest name part accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// The normalised search text of a name: lower case (invariant), accents removed, runs of white space made one
    /// space. Stores match <see cref="PatientQuery.NameContains"/> (normalised the same way) as a substring of
    /// <c>Normalize(FamilyName + " " + GivenName)</c> and of <c>Normalize(GivenName + " " + FamilyName)</c>.
    /// </summary>
    public static string Normalize(string text) => NameSearch.Normalize(text);

    /// <summary>The normalised search texts of this entry (family-given and given-family).</summary>
    public string SearchText => NameSearch.Normalize(FamilyName + " " + GivenName) + "|" + NameSearch.Normalize(GivenName + " " + FamilyName);

    /// <summary>
    /// The list order of this entry, the same in every store: normalised family name, then normalised given name
    /// (stores break ties by patient id).
    /// </summary>
    public string SortKey => SortKeyOf(GivenName, FamilyName);

    /// <summary>The list order of a patient's names (see <see cref="SortKey"/>); stores use it to fill older rows.</summary>
    public static string SortKeyOf(string givenName, string familyName) =>
        NameSearch.Normalize(familyName) + "\u0001" + NameSearch.Normalize(givenName);

    /// <summary>Only the id.</summary>
    public override string ToString() => Patient.ToString();
}

/// <summary>A patient search: a name fragment, a date of birth, or both (both must match). At least one is required.</summary>
/// <param name="NameContains">A fragment of the name (any order of given and family name), or null.</param>
/// <param name="DateOfBirth">The date of birth, or null.</param>
public sealed record PatientQuery(string? NameContains = null, DateOnly? DateOfBirth = null)
{
    /// <summary>Only whether each criterion is set (never the text).</summary>
    public override string ToString() => $"PatientQuery(name: {(NameContains is null ? "no" : "yes")}, date of birth: {(DateOfBirth is null ? "no" : "yes")})";
}

/// <summary>A page of a list: skip <paramref name="Offset"/> items, take at most <paramref name="Size"/> (1–500).</summary>
/// <param name="Offset">Items to skip (≥ 0).</param>
/// <param name="Size">Items per page (1–<see cref="MaxSize"/>).</param>
public readonly record struct PageRequest(int Offset, int Size)
{
    /// <summary>The largest page.</summary>
    public const int MaxSize = 500;

    /// <summary>The first page of <paramref name="size"/> items.</summary>
    public static PageRequest First(int size = 50) => new(0, size);

    /// <summary>Throws when the page is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Offset negative or size outside 1–500.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Offset, nameof(Offset));
        if (Size is < 1 or > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(Size), Size, $"A page holds 1–{MaxSize} items.");
        }
    }
}

/// <summary>A page of results.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items.</param>
/// <param name="Next">The next page's request, or null when this is the last page.</param>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, PageRequest? Next);
