using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;

namespace Sot.Workbench.Storage.Sqlite;

/// <summary>
/// The clinical record store in one SQLite database file: WAL mode, one transaction per append (taken with
/// <c>BEGIN IMMEDIATE</c>), forward schema migrations at start, online backup and restore while in use.
/// Thread-safe: appends from this process go through one writer connection in turn; reads use pooled connections
/// and see the last committed state. Other processes may write the same file; SQLite serialises them.
/// </summary>
public sealed class SqliteRecordStore : IRecordStore, IRecordImport, IDisposable, IAsyncDisposable
{
    /// <summary>
    /// Reads go through memory-mapped I/O (no read system call per page) with a larger page cache: a patient's
    /// history touches rows spread over the whole file.
    /// </summary>
    private const string ReaderPragmas = "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -16384;";

    private const string EventColumns = "position, stream_id, kind, patient_id, version, type, schema_version, payload, recorded_at, actor_id, previous_hash, hash";

    private readonly SqliteRecordStoreOptions _options;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _initLock = new();
    private Task? _initialized;
    private SqliteConnection? _writer;
    private Writer? _commands;
    private bool _disposed;

    /// <summary>Creates the store over the database file the options name (created on first use).</summary>
    /// <param name="options">Where the file is and how durable commits are.</param>
    /// <param name="logger">Logs ids and counts only.</param>
    public SqliteRecordStore(SqliteRecordStoreOptions options, ILogger<SqliteRecordStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BusyTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The busy timeout is positive.", nameof(options));
        }

        if (!Enum.IsDefined(options.Durability))
        {
            throw new ArgumentException($"Durability {(int)options.Durability} is not defined.", nameof(options));
        }

        _options = options;
        _logger = logger ?? NullLogger<SqliteRecordStore>.Instance;
        DatabasePath = options.ResolveDatabasePath();
        _connectionString = ConnectionString(DatabasePath, SqliteOpenMode.ReadWriteCreate, pooling: true, options.BusyTimeout);
    }

    /// <summary>The database file's full path.</summary>
    public string DatabasePath { get; }

    /// <summary>The schema version this store writes.</summary>
    public static int SchemaVersion => SqliteSchema.Latest;

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_initLock)
        {
            if (_initialized is null || _initialized.IsFaulted || _initialized.IsCanceled)
            {
                _initialized = Task.Run(Initialize, CancellationToken.None);
            }

            return _initialized.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        RecordRules.Validate(request);
        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Append(request, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Appends events and their commands' audit entries in one transaction (one durable commit).</summary>
    /// <inheritdoc cref="IRecordStore.AppendAuditedAsync"/>
    public async Task<IReadOnlyList<StoredEvent>> AppendAuditedAsync(AppendRequest request, IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default)
    {
        RecordRules.Validate(request);
        ArgumentNullException.ThrowIfNull(audit);
        foreach (var entry in audit)
        {
            RecordRules.Validate(entry);
        }

        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return Append(request, cancellationToken, audit);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default)
    {
        RequireStream(stream);
        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventColumns} FROM events WHERE stream_id = $stream AND version >= $from ORDER BY version";
        command.Parameters.AddWithValue("$stream", stream.Value);
        command.Parameters.AddWithValue("$from", Math.Max(1, fromVersion));
        return ReadEvents(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<StreamInfo?> GetStreamAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        RequireStream(stream);
        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stream_id, kind, patient_id, version, head_hash, created_at, updated_at, status FROM streams WHERE stream_id = $stream";
        command.Parameters.AddWithValue("$stream", stream.Value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadStreamInfo(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadPatientHistoryAsync(PatientId patient, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventColumns} FROM events WHERE patient_id = $patient ORDER BY position";
        command.Parameters.AddWithValue("$patient", patient.ToString());
        return ReadEvents(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCount);
        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {EventColumns} FROM events WHERE position > $after ORDER BY position LIMIT $max";
        command.Parameters.AddWithValue("$after", afterPosition);
        command.Parameters.AddWithValue("$max", maxCount);
        return ReadEvents(command, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RecordPage<PatientIndexEntry>> FindPatientsAsync(PatientQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        page.Validate();
        var name = query.NameContains is null ? null : PatientIndexEntry.Normalize(query.NameContains);
        if (name is null && query.DateOfBirth is null)
        {
            throw new ArgumentException("A patient search names a name fragment, a date of birth or both.", nameof(query));
        }

        if (name is { Length: 0 })
        {
            throw new ArgumentException("The name fragment of a patient search has at least one letter or digit.", nameof(query));
        }

        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (name is not null)
        {
            where.Add("instr(search_text, $name) > 0");
            command.Parameters.AddWithValue("$name", name);
        }

        if (query.DateOfBirth is { } dob)
        {
            where.Add("date_of_birth = $dob");
            command.Parameters.AddWithValue("$dob", dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        command.CommandText = $"SELECT patient_id, given_name, family_name, date_of_birth FROM patients WHERE {string.Join(" AND ", where)} ORDER BY sort_key, patient_id LIMIT $limit OFFSET $offset";
        return ReadPage(command, page, ReadPatient);
    }

    /// <inheritdoc />
    public async Task<RecordPage<PatientIndexEntry>> ListPatientsAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        page.Validate();
        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT patient_id, given_name, family_name, date_of_birth FROM patients ORDER BY sort_key, patient_id LIMIT $limit OFFSET $offset";
        return ReadPage(command, page, ReadPatient);
    }

    /// <inheritdoc />
    public async Task<RecordPage<StreamInfo>> ListStreamsAsync(StreamKind kind, PatientId? patient, PageRequest page, CancellationToken cancellationToken = default)
    {
        page.Validate();
        var kindText = EventHashing.KindText(kind);
        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$kind", kindText);
        var filter = "kind = $kind";
        if (patient is { } p)
        {
            filter += " AND patient_id = $patient";
            command.Parameters.AddWithValue("$patient", p.ToString());
        }

        command.CommandText = $"SELECT stream_id, kind, patient_id, version, head_hash, created_at, updated_at, status FROM streams WHERE {filter} ORDER BY first_position DESC LIMIT $limit OFFSET $offset";
        return ReadPage(command, page, ReadStreamInfo);
    }

    /// <inheritdoc />
    public async Task<IntegrityReport> VerifyAsync(RecordCheckpoint? kept = null, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        var report = Verify(connection, kept, cancellationToken);
        if (!report.IsIntact)
        {
            Log.IntegrityFailed(_logger, report.FirstFailure!.ToString());
        }

        return report;
    }

    /// <inheritdoc />
    public async Task<AuditEntry> AppendAuditAsync(AuditRecord entry, CancellationToken cancellationToken = default)
    {
        RecordRules.Validate(entry);
        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _writer!.BeginTransaction(deferred: false);
            var sequence = InsertAudit(transaction, null, entry);
            transaction.Commit();
            return new AuditEntry(sequence, entry with { At = EventHashing.Truncate(entry.At) });
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<RecordPage<AuditEntry>> QueryAuditAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        page.Validate();
        await InitializeAsync(cancellationToken);
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        var where = new List<string>();
        if (query.Patient is { } patient)
        {
            where.Add("patient_id = $patient");
            command.Parameters.AddWithValue("$patient", patient.ToString());
        }

        if (query.ActorId is { } actor)
        {
            where.Add("actor_id = $actor");
            command.Parameters.AddWithValue("$actor", actor);
        }

        if (query.From is { } from)
        {
            where.Add("at >= $from");
            command.Parameters.AddWithValue("$from", EventHashing.ToMicroseconds(from));
        }

        if (query.To is { } to)
        {
            where.Add("at < $to");
            command.Parameters.AddWithValue("$to", EventHashing.ToMicroseconds(to));
        }

        var filter = where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where);
        command.CommandText = $"SELECT sequence, at, actor_id, action, outcome, patient_id, stream_id, detail FROM audit {filter} ORDER BY sequence DESC LIMIT $limit OFFSET $offset";
        return ReadPage(command, page, ReadAudit);
    }

    /// <inheritdoc />
    public async Task ImportAsync(RecordImportBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(batch.Events);
        ArgumentNullException.ThrowIfNull(batch.Streams);
        ArgumentNullException.ThrowIfNull(batch.Patients);
        ArgumentNullException.ThrowIfNull(batch.Audit);
        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Import(batch, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Copies the whole database, while it is in use, into <paramref name="destinationPath"/> with SQLite's online
    /// backup (a consistent snapshot; appends wait only for the copy of each step). The file is overwritten.
    /// </summary>
    /// <exception cref="ArgumentException">The destination is the store's own file.</exception>
    public async Task BackupAsync(string destinationPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        var target = Path.GetFullPath(destinationPath);
        if (string.Equals(target, DatabasePath, StringComparison.Ordinal))
        {
            throw new ArgumentException("A backup cannot overwrite the store's own database file.", nameof(destinationPath));
        }

        await InitializeAsync(cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var source = OpenReader();
        using (var destination = new SqliteConnection(ConnectionString(target, SqliteOpenMode.ReadWriteCreate, pooling: false, _options.BusyTimeout)))
        {
            destination.Open();
            source.BackupDatabase(destination);
        }

        using var count = source.CreateCommand();
        count.CommandText = "PRAGMA page_count";
        var pages = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        Log.BackedUp(_logger, pages);
    }

    /// <summary>
    /// Replaces the whole record, while the store is in use, with a backup made by <see cref="BackupAsync"/>. The
    /// backup is verified first; a backup that does not verify (or has a newer schema) is refused and nothing
    /// changes. Appends wait during the restore; readers see the restored record afterwards. Older schemas are
    /// migrated after the restore.
    /// </summary>
    /// <returns>The verification report of the restored record.</returns>
    /// <exception cref="FileNotFoundException">The backup file does not exist.</exception>
    /// <exception cref="RecordIntegrityException">The backup does not verify; the store was not changed.</exception>
    /// <exception cref="SqliteSchemaException">The backup has a newer schema; the store was not changed.</exception>
    public async Task<IntegrityReport> RestoreAsync(string backupPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(backupPath);
        var source = Path.GetFullPath(backupPath);
        if (!File.Exists(source))
        {
            throw new FileNotFoundException("The backup file does not exist.", source);
        }

        if (string.Equals(source, DatabasePath, StringComparison.Ordinal))
        {
            throw new ArgumentException("A store cannot be restored from its own database file.", nameof(backupPath));
        }

        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var backup = new SqliteConnection(ConnectionString(source, SqliteOpenMode.ReadOnly, pooling: false, _options.BusyTimeout));
            backup.Open();
            var version = SqliteSchema.ReadVersion(backup);
            if (version > SqliteSchema.Latest)
            {
                throw new SqliteSchemaException(version, SqliteSchema.Latest);
            }

            if (version < 1)
            {
                throw new RecordIntegrityException(new IntegrityFailure(null, 0, 0, IntegrityFailureKind.Malformed, "The backup file holds no record store."));
            }

            var report = Verify(backup, null, cancellationToken);
            if (!report.IsIntact)
            {
                throw new RecordIntegrityException(report.FirstFailure!);
            }

            backup.BackupDatabase(_writer!);
            _commands?.Dispose();
            _commands = null;
            SqliteSchema.MigrateTo(_writer!, SqliteSchema.Latest);
            Log.Restored(_logger, report.EventsChecked, report.Checkpoint!);
            return report;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _writeLock.Wait();
        try
        {
            _disposed = true;
            _commands?.Dispose();
            if (_writer is not null)
            {
                SqliteConnection.ClearPool(_writer);
                _writer.Dispose();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static string ConnectionString(string path, SqliteOpenMode mode, bool pooling, TimeSpan busyTimeout) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Cache = SqliteCacheMode.Private,
        Pooling = pooling,
        DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
    }.ToString();

    private void Initialize()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is not null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var writer = new SqliteConnection(_connectionString);
        try
        {
            writer.Open();
            var version = SqliteSchema.ReadVersion(writer);
            if (version > SqliteSchema.Latest)
            {
                throw new SqliteSchemaException(version, SqliteSchema.Latest);
            }

            Execute(writer, "PRAGMA journal_mode = WAL;");
            Execute(writer, _options.Durability == SqliteDurability.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            var from = SqliteSchema.MigrateTo(writer, SqliteSchema.Latest);
            if (from != SqliteSchema.Latest)
            {
                Log.Migrated(_logger, from, SqliteSchema.Latest);
            }

            Log.Opened(_logger, SqliteSchema.Latest, _options.Durability);
            _writer = writer;
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    private SqliteConnection OpenReader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = ReaderPragmas;
        command.ExecuteNonQuery();
        return connection;
    }

    private StoredEvent[] Append(AppendRequest request, CancellationToken cancellationToken, IReadOnlyList<AuditRecord>? audit = null)
    {
        var commands = _commands ??= new Writer(_writer!);
        using var transaction = _writer!.BeginTransaction(deferred: false);
        commands.Use(transaction);
        long headVersion = 0;
        var headHash = EventHash.Zero;
        var streamText = request.Stream.Value;
        commands.SelectStream.Parameters[0].Value = streamText;
        using (var reader = commands.SelectStream.ExecuteReader())
        {
            if (reader.Read())
            {
                var kindText = reader.GetString(0);
                var patientText = reader.GetString(1);
                headVersion = reader.GetInt64(2);
                if (!EventHashing.TryParseKind(kindText, out var kind) || !EventHash.TryFromBytes(reader.GetFieldValue<byte[]>(3), out headHash))
                {
                    throw new RecordIntegrityException(new IntegrityFailure(request.Stream, headVersion, 0, IntegrityFailureKind.Malformed, "the stream's recorded head cannot be read"));
                }

                if (kind != request.Kind || patientText != request.Patient.ToString())
                {
                    throw new StreamOwnershipException(request.Stream, kind, request.Kind, patientText != request.Patient.ToString());
                }
            }
        }

        if (headVersion != request.ExpectedVersion)
        {
            Log.Conflict(_logger, streamText, request.ExpectedVersion, headVersion);
            throw new StreamVersionConflictException(request.Stream, request.ExpectedVersion, headVersion);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var lastPosition = commands.MaxPosition.ExecuteScalar() is long last ? last : 0L;
        var sealedEvents = RecordRules.Seal(request, headVersion, headHash, lastPosition + 1);
        foreach (var e in sealedEvents)
        {
            commands.InsertEvent(e);
        }

        var head = sealedEvents[^1];
        commands.UpsertStream(head, sealedEvents[0], request.Status, headVersion == 0);
        if (request.PatientIndex is { } index)
        {
            commands.UpsertPatient(index);
        }

        foreach (var entry in audit ?? [])
        {
            InsertAudit(transaction, null, entry);
        }

        transaction.Commit();
        return sealedEvents;
    }

    private void Import(RecordImportBatch batch, CancellationToken cancellationToken)
    {
        var commands = _commands ??= new Writer(_writer!);
        using var transaction = _writer!.BeginTransaction(deferred: false);
        commands.Use(transaction);
        var lastPosition = commands.MaxPosition.ExecuteScalar() is long last ? last : 0L;
        var heads = new Dictionary<string, (long Version, EventHash Hash, string Kind, string Patient, long First, DateTimeOffset Created, DateTimeOffset Updated)>(StringComparer.Ordinal);
        foreach (var e in batch.Events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = e.ToRow();
            var fail = (IntegrityFailureKind? kind, string detail) => new RecordIntegrityException(new IntegrityFailure(e.Stream, e.Version, e.Position, kind ?? IntegrityFailureKind.HashMismatch, detail));
            if (e.Position <= lastPosition)
            {
                throw fail(IntegrityFailureKind.PositionOrder, "the imported position is not above every stored position");
            }

            if (!heads.TryGetValue(row.Stream, out var head))
            {
                commands.SelectStream.Parameters[0].Value = row.Stream;
                using var reader = commands.SelectStream.ExecuteReader();
                head = reader.Read()
                    ? (reader.GetInt64(2), EventHash.FromBytes(reader.GetFieldValue<byte[]>(3)), reader.GetString(0), reader.GetString(1), reader.GetInt64(4), EventHashing.FromMicroseconds(reader.GetInt64(5)), e.RecordedAt)
                    : (0, EventHash.Zero, row.Kind, row.Patient, e.Position, e.RecordedAt, e.RecordedAt);
            }

            if (e.Version != head.Version + 1)
            {
                throw fail(IntegrityFailureKind.VersionGap, "the imported version does not continue the stream");
            }

            if (e.PreviousHash != head.Hash)
            {
                throw fail(IntegrityFailureKind.PreviousHashMismatch, "the imported previous hash does not match the stream's head");
            }

            if (head.Kind != row.Kind || head.Patient != row.Patient)
            {
                throw fail(IntegrityFailureKind.StreamMismatch, "the imported event's kind or patient differs from its stream's");
            }

            if (EventHashing.Compute(row) != e.Hash)
            {
                throw fail(IntegrityFailureKind.HashMismatch, "the imported hash does not match the event's fields");
            }

            commands.InsertEvent(e);
            lastPosition = e.Position;
            heads[row.Stream] = (e.Version, e.Hash, head.Kind, head.Patient, head.First, head.Created, e.RecordedAt);
        }

        foreach (var (stream, head) in heads)
        {
            commands.PutStream(stream, head.Kind, head.Patient, head.Version, head.Hash, head.First, head.Created, head.Updated, null);
        }

        foreach (var info in batch.Streams)
        {
            commands.SetStatus(info.Stream.Value, info.Status);
        }

        foreach (var patient in batch.Patients)
        {
            commands.UpsertPatient(patient);
        }

        foreach (var entry in batch.Audit)
        {
            RecordRules.Validate(entry.Record);
            InsertAudit(transaction, entry.Sequence, entry.Record);
        }

        transaction.Commit();
    }

    private long InsertAudit(SqliteTransaction transaction, long? sequence, AuditRecord entry)
    {
        using var command = _writer!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO audit (sequence, at, actor_id, action, outcome, patient_id, stream_id, detail)
            VALUES ($sequence, $at, $actor, $action, $outcome, $patient, $stream, $detail) RETURNING sequence
            """;
        command.Parameters.AddWithValue("$sequence", sequence is { } s ? s : DBNull.Value);
        command.Parameters.AddWithValue("$at", EventHashing.ToMicroseconds(entry.At));
        command.Parameters.AddWithValue("$actor", entry.ActorId);
        command.Parameters.AddWithValue("$action", entry.Action);
        command.Parameters.AddWithValue("$outcome", (int)entry.Outcome);
        command.Parameters.AddWithValue("$patient", entry.Patient is { } p ? p.ToString() : DBNull.Value);
        command.Parameters.AddWithValue("$stream", entry.Stream is { } st ? st.Value : DBNull.Value);
        command.Parameters.AddWithValue("$detail", (object?)entry.Detail ?? DBNull.Value);
        return (long)command.ExecuteScalar()!;
    }

    internal static IntegrityReport Verify(SqliteConnection connection, RecordCheckpoint? kept, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var verifier = new RecordChainVerifier(kept);
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT {EventColumns} FROM events ORDER BY position";
            using var reader = command.ExecuteReader();
            var n = 0;
            while (reader.Read())
            {
                if ((++n & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (!verifier.Add(ReadRow(reader)))
                {
                    break;
                }
            }
        }

        var heads = new List<StreamHeadRow>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT stream_id, kind, patient_id, version, head_hash FROM streams";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                heads.Add(new StreamHeadRow(Text(reader, 0), Text(reader, 1), Text(reader, 2), reader.IsDBNull(3) ? -1 : reader.GetInt64(3), Blob(reader, 4)));
            }
        }

        return verifier.Complete(heads);
    }

    /// <summary>
    /// One event row. Every column is <c>NOT NULL</c> in a <c>STRICT</c> table, so the columns are read directly (the
    /// reader's own check refuses a NULL); only a row that still holds one — a damaged file — is read again
    /// column by column, with empty values that <see cref="EventRow.ToStoredEvent"/> reports as damage.
    /// </summary>
    private static EventRow ReadRow(SqliteDataReader reader)
    {
        try
        {
            return new(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5), reader.GetInt64(6),
                reader.GetFieldValue<byte[]>(7), reader.GetInt64(8), reader.GetString(9), reader.GetFieldValue<byte[]>(10), reader.GetFieldValue<byte[]>(11));
        }
        catch (Exception e) when (e is InvalidCastException or InvalidOperationException)
        {
            return new(
                reader.IsDBNull(0) ? 0 : reader.GetInt64(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), reader.IsDBNull(4) ? 0 : reader.GetInt64(4), Text(reader, 5),
                reader.IsDBNull(6) ? 0 : reader.GetInt64(6), Blob(reader, 7), reader.IsDBNull(8) ? 0 : reader.GetInt64(8), Text(reader, 9), Blob(reader, 10), Blob(reader, 11));
        }
    }

    private static string Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? string.Empty : reader.GetString(ordinal);

    private static byte[] Blob(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);

    private static StoredEvent[] ReadEvents(SqliteCommand command, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if ((events.Count & 0xFF) == 0xFF)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            events.Add(ReadRow(reader).ToStoredEvent());
        }

        return [.. events];
    }

    private static RecordPage<T> ReadPage<T>(SqliteCommand command, PageRequest page, Func<SqliteDataReader, T> read)
    {
        command.Parameters.AddWithValue("$limit", page.Size + 1);
        command.Parameters.AddWithValue("$offset", page.Offset);
        var items = new List<T>(page.Size);
        var more = false;
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (items.Count == page.Size)
            {
                more = true;
                break;
            }

            items.Add(read(reader));
        }

        return new RecordPage<T>(items, more ? new PageRequest(page.Offset + page.Size, page.Size) : null);
    }

    private static PatientIndexEntry ReadPatient(SqliteDataReader reader) => new(
        PatientId.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
        DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static StreamInfo ReadStreamInfo(SqliteDataReader reader)
    {
        var stream = Text(reader, 0);
        if (!StreamId.IsValid(stream) || !EventHashing.TryParseKind(Text(reader, 1), out var kind) || !EventHash.TryFromBytes(Blob(reader, 4), out var hash))
        {
            throw new RecordIntegrityException(new IntegrityFailure(null, 0, 0, IntegrityFailureKind.Malformed, "a stream's recorded head cannot be read"));
        }

        return new StreamInfo(
            new StreamId(stream), kind, PatientId.Parse(reader.GetString(2)), reader.GetInt64(3), hash,
            EventHashing.FromMicroseconds(reader.GetInt64(5)), EventHashing.FromMicroseconds(reader.GetInt64(6)),
            reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    private static AuditEntry ReadAudit(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        new AuditRecord(
            EventHashing.FromMicroseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), (AuditOutcome)reader.GetInt32(4),
            reader.IsDBNull(5) ? null : PatientId.Parse(reader.GetString(5)),
            reader.IsDBNull(6) ? null : new StreamId(reader.GetString(6)),
            reader.IsDBNull(7) ? null : reader.GetString(7)));

    private static void RequireStream(StreamId stream)
    {
        if (stream.Value is null)
        {
            throw new ArgumentException("The stream id is not set.", nameof(stream));
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The writer connection's prepared commands, reused for every append.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly SqliteCommand _insertEvent;
        private readonly SqliteCommand _putStream;
        private readonly SqliteCommand _advanceStream;
        private readonly SqliteCommand _setStatus;
        private readonly SqliteCommand _upsertPatient;

        public Writer(SqliteConnection connection)
        {
            SelectStream = Command(connection, "SELECT kind, patient_id, version, head_hash, first_position, created_at FROM streams WHERE stream_id = $stream", "$stream");
            MaxPosition = Command(connection, "SELECT max(position) FROM events");
            _insertEvent = Command(connection, $"INSERT INTO events ({EventColumns}) VALUES ($position, $stream, $kind, $patient, $version, $type, $schema, $payload, $at, $actor, $previous, $hash)",
                "$position", "$stream", "$kind", "$patient", "$version", "$type", "$schema", "$payload", "$at", "$actor", "$previous", "$hash");
            _putStream = Command(connection, """
                INSERT INTO streams (stream_id, kind, patient_id, version, head_hash, first_position, created_at, updated_at, status)
                VALUES ($stream, $kind, $patient, $version, $hash, $first, $created, $updated, $status)
                ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, head_hash = excluded.head_hash,
                    updated_at = excluded.updated_at, status = coalesce(excluded.status, status)
                """, "$stream", "$kind", "$patient", "$version", "$hash", "$first", "$created", "$updated", "$status");
            _advanceStream = Command(connection, "UPDATE streams SET version = $version, head_hash = $hash, updated_at = $updated, status = coalesce($status, status) WHERE stream_id = $stream",
                "$version", "$hash", "$updated", "$status", "$stream");
            _setStatus = Command(connection, "UPDATE streams SET status = $status WHERE stream_id = $stream", "$status", "$stream");
            _upsertPatient = Command(connection, """
                INSERT INTO patients (patient_id, given_name, family_name, date_of_birth, search_text, sort_key)
                VALUES ($patient, $given, $family, $dob, $search, $sort)
                ON CONFLICT (patient_id) DO UPDATE SET given_name = excluded.given_name, family_name = excluded.family_name,
                    date_of_birth = excluded.date_of_birth, search_text = excluded.search_text, sort_key = excluded.sort_key
                """, "$patient", "$given", "$family", "$dob", "$search", "$sort");
        }

        public SqliteCommand SelectStream { get; }

        public SqliteCommand MaxPosition { get; }

        public void Use(SqliteTransaction transaction)
        {
            SelectStream.Transaction = transaction;
            MaxPosition.Transaction = transaction;
            _insertEvent.Transaction = transaction;
            _putStream.Transaction = transaction;
            _advanceStream.Transaction = transaction;
            _setStatus.Transaction = transaction;
            _upsertPatient.Transaction = transaction;
        }

        public void InsertEvent(StoredEvent e)
        {
            var p = _insertEvent.Parameters;
            p[0].Value = e.Position;
            p[1].Value = e.Stream.Value;
            p[2].Value = EventHashing.KindText(e.Kind);
            p[3].Value = e.Patient.ToString();
            p[4].Value = e.Version;
            p[5].Value = e.Type;
            p[6].Value = e.SchemaVersion;
            p[7].Value = Bytes(e.Payload);
            p[8].Value = EventHashing.ToMicroseconds(e.RecordedAt);
            p[9].Value = e.ActorId;
            p[10].Value = e.PreviousHash.ToArray();
            p[11].Value = e.Hash.ToArray();
            _insertEvent.ExecuteNonQuery();
        }

        public void UpsertStream(StoredEvent head, StoredEvent first, string? status, bool created)
        {
            if (created)
            {
                PutStream(head.Stream.Value, EventHashing.KindText(head.Kind), head.Patient.ToString(), head.Version, head.Hash, first.Position, first.RecordedAt, head.RecordedAt, status);
                return;
            }

            var p = _advanceStream.Parameters;
            p[0].Value = head.Version;
            p[1].Value = head.Hash.ToArray();
            p[2].Value = EventHashing.ToMicroseconds(head.RecordedAt);
            p[3].Value = (object?)status ?? DBNull.Value;
            p[4].Value = head.Stream.Value;
            _advanceStream.ExecuteNonQuery();
        }

        public void PutStream(string stream, string kind, string patient, long version, EventHash hash, long firstPosition, DateTimeOffset created, DateTimeOffset updated, string? status)
        {
            var p = _putStream.Parameters;
            p[0].Value = stream;
            p[1].Value = kind;
            p[2].Value = patient;
            p[3].Value = version;
            p[4].Value = hash.ToArray();
            p[5].Value = firstPosition;
            p[6].Value = EventHashing.ToMicroseconds(created);
            p[7].Value = EventHashing.ToMicroseconds(updated);
            p[8].Value = (object?)status ?? DBNull.Value;
            _putStream.ExecuteNonQuery();
        }

        public void SetStatus(string stream, string? status)
        {
            _setStatus.Parameters[0].Value = (object?)status ?? DBNull.Value;
            _setStatus.Parameters[1].Value = stream;
            _setStatus.ExecuteNonQuery();
        }

        public void UpsertPatient(PatientIndexEntry entry)
        {
            var p = _upsertPatient.Parameters;
            p[0].Value = entry.Patient.ToString();
            p[1].Value = entry.GivenName;
            p[2].Value = entry.FamilyName;
            p[3].Value = entry.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            p[4].Value = entry.SearchText;
            p[5].Value = entry.SortKey;
            _upsertPatient.ExecuteNonQuery();
        }

        public void Dispose()
        {
            SelectStream.Dispose();
            MaxPosition.Dispose();
            _insertEvent.Dispose();
            _putStream.Dispose();
            _advanceStream.Dispose();
            _setStatus.Dispose();
            _upsertPatient.Dispose();
        }

        private static byte[] Bytes(ReadOnlyMemory<byte> memory) =>
            MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
                ? segment.Array
                : memory.ToArray();

        private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }
}
