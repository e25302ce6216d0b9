using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.InteropServices;
using Npgsql;
using NpgsqlTypes;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;

namespace Sot.Workbench.Storage.PostgreSql;

/// <summary>
/// The clinical record store on a PostgreSQL server: append-only event streams with a SHA-256 hash chain per stream
/// and a global append position, one schema per clinic. Appends of one clinic are serialised on the clinic's position
/// counter (a row lock held until commit), so positions are gap-free and increase in commit order. An append is one
/// transaction: one round trip when the store already knows the clinic's last position and the stream's head (its
/// own previous append, or the head it last read; the server checks the guess under the lock and refuses the whole
/// batch if it no longer holds), otherwise two. <see cref="AppendAuditedAsync"/> writes the audit entries in the same
/// transaction. Thread-safe; forward migrations are applied on first use.
/// </summary>
public sealed class PostgreSqlRecordStore : IRecordStore, IRecordImport, IAsyncDisposable, IDisposable
{
    private const string EventColumns = "position, stream, kind, patient, version, type, schema_version, payload, recorded_at, actor_id, previous_hash, hash";
    private const string StreamColumns = "stream, kind, patient, version, hash, created_at, updated_at, status";
    private const string PatientColumns = "patient, given_name, family_name, date_of_birth";
    private const string AuditColumns = "sequence, at, actor_id, action, outcome, patient, stream, detail";
    private const string AppendOnlyState = "SW001";
    private const string StaleGuessState = "SW002";
    private const int MaxKnownHeads = 4_096;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly SemaphoreSlim _initializeGate = new(1, 1);
    private readonly Statements _sql;
    private readonly ConcurrentDictionary<string, KnownHead> _heads = new(StringComparer.Ordinal);
    private volatile bool _initialized;
    private long _lastPosition = -1;
    private int _appending;

    /// <summary>Creates a store for the clinic and server named in <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">The options are not valid (the message lists the problems).</exception>
    public PostgreSqlRecordStore(PostgreSqlRecordStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfInvalid(options);
        _dataSource = NpgsqlDataSource.Create(StoreConnectionString(options.ConnectionString!));
        _ownsDataSource = true;
        Clinic = options.Clinic;
        Schema = options.SchemaName;
        _sql = new Statements(PostgreSqlSchema.Quote(Schema));
    }

    /// <summary>
    /// The connection string of the data source the store creates for itself: the caller's, with
    /// <c>No Reset On Close=true</c> unless the caller set that keyword. The store keeps no session state on its
    /// connections (every statement names the clinic's schema; no <c>SET</c>, temporary tables, notifications or
    /// session-level locks), so the session reset Npgsql otherwise sends whenever a pooled connection is reused —
    /// about a dozen statements' worth of server work per append — protects nothing. Open transactions are still
    /// rolled back when a connection returns to the pool.
    /// </summary>
    internal static string StoreConnectionString(string connectionString)
    {
        // The plain builder holds exactly the keywords the string names (Npgsql's knows every keyword).
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (named.ContainsKey("No Reset On Close") || named.ContainsKey("NoResetOnClose"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
    }

    /// <summary>Creates a store for <paramref name="clinic"/> on a data source the caller owns (and disposes).</summary>
    /// <remarks>
    /// The store keeps no session state on its connections, so a data source built with <c>No Reset On Close=true</c>
    /// (the default of the store's own data source) saves the server a session reset on every operation.
    /// </remarks>
    /// <exception cref="ArgumentException">The clinic id is not valid.</exception>
    public PostgreSqlRecordStore(NpgsqlDataSource dataSource, string clinic)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var options = new PostgreSqlRecordStoreOptions { ConnectionString = dataSource.ConnectionString, Clinic = clinic };
        if (!PostgreSqlRecordStoreOptions.IsValidClinic(clinic))
        {
            throw new ArgumentException(options.Validate()[^1], nameof(clinic));
        }

        _dataSource = dataSource;
        Clinic = clinic;
        Schema = options.SchemaName;
        _sql = new Statements(PostgreSqlSchema.Quote(Schema));
    }

    /// <summary>The clinic whose record this store reads and writes.</summary>
    public string Clinic { get; }

    /// <summary>The schema holding this clinic's record.</summary>
    public string Schema { get; }

    /// <inheritdoc />
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized)
        {
            return;
        }

        await _initializeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await PostgreSqlSchema.MigrateAsync(_dataSource, Schema, PostgreSqlSchema.CurrentVersion, cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initializeGate.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> AppendAsync(AppendRequest request, CancellationToken cancellationToken = default)
    {
        RecordRules.Validate(request);
        return await AppendCoreAsync(request, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends events and the audit entries of the commands that produced them in one transaction: a conflict, a
    /// refused request or a failed write leaves neither events nor audit entries behind.
    /// </summary>
    /// <inheritdoc cref="IRecordStore.AppendAuditedAsync"/>
    public async Task<IReadOnlyList<StoredEvent>> AppendAuditedAsync(AppendRequest request, IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken = default)
    {
        RecordRules.Validate(request);
        ArgumentNullException.ThrowIfNull(audit);
        foreach (var entry in audit)
        {
            RecordRules.Validate(entry);
        }

        return await AppendCoreAsync(request, audit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One append. When this store knows the clinic's last position and the stream's head (its own last append, or
    /// the head it last read), the rows are sealed at once and sent in one batch — an implicit transaction that
    /// first checks, under the position counter's row lock, that the guess still holds, then inserts the events,
    /// the head and the audit entries: one round trip. Otherwise (first append, another writer in between, a
    /// conflict) the append takes the lock and reads the head first: two round trips.
    /// </summary>
    private async Task<IReadOnlyList<StoredEvent>> AppendCoreAsync(AppendRequest request, IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var concurrent = Interlocked.Increment(ref _appending) > 1;
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (!concurrent && TryGuess(request, out var lastPosition, out var headHash))
            {
                var events = await TryAppendGuessedAsync(connection, request, audit, lastPosition, headHash, cancellationToken).ConfigureAwait(false);
                if (events is not null)
                {
                    return events;
                }
            }

            return await AppendLockedAsync(connection, request, audit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _appending);
        }
    }

    /// <summary>The clinic's last position and the stream's head hash this store expects, if it knows them.</summary>
    private bool TryGuess(AppendRequest request, out long lastPosition, out EventHash headHash)
    {
        lastPosition = Volatile.Read(ref _lastPosition);
        headHash = EventHash.Zero;
        if (lastPosition < 0)
        {
            return false;
        }

        if (request.ExpectedVersion == AppendRequest.NoStream)
        {
            return true;
        }

        if (_heads.TryGetValue(request.Stream.Value, out var head) && head.Version == request.ExpectedVersion
            && head.Kind == request.Kind && head.Patient == request.Patient)
        {
            headHash = head.Hash;
            return true;
        }

        return false;
    }

    /// <returns>The stored events, or null when the guess did not hold (nothing was written).</returns>
    private async Task<StoredEvent[]?> TryAppendGuessedAsync(
        NpgsqlConnection connection, AppendRequest request, IReadOnlyList<AuditRecord> audit, long lastPosition, EventHash headHash, CancellationToken cancellationToken)
    {
        var count = request.Events.Count;
        var kind = EventHashing.KindText(request.Kind);
        var patient = request.Patient.ToString();
        var events = RecordRules.Seal(request, request.ExpectedVersion, headHash, lastPosition + 1);

        // No BEGIN/COMMIT: the batch is one implicit transaction, so an error in any command rolls back all of them.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(
            _sql.CheckAppend,
            Value((long)count), Value(lastPosition + count), Value(request.Stream.Value), Value(kind), Value(patient),
            Value(request.ExpectedVersion), Value(headHash.ToArray())));
        AddWrites(batch, request, kind, patient, events, audit);
        try
        {
            // Prepared once per pooled connection (a round trip the first time, a lookup after): the server then
            // skips parsing and planning the check and the inserts on every later append.
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == StaleGuessState)
        {
            return null;
        }
        catch
        {
            Volatile.Write(ref _lastPosition, -1);
            throw;
        }

        Remember(request, events[^1]);
        return events;
    }

    /// <summary>Takes the position counter's lock and reads the head first, then writes: two round trips.</summary>
    private async Task<IReadOnlyList<StoredEvent>> AppendLockedAsync(
        NpgsqlConnection connection, AppendRequest request, IReadOnlyList<AuditRecord> audit, CancellationToken cancellationToken)
    {
        var count = request.Events.Count;
        var kind = EventHashing.KindText(request.Kind);
        var patient = request.Patient.ToString();

        // BEGIN + take the counter + read the head; then the writes + COMMIT. The transaction is spelled out in the
        // batches (not NpgsqlTransaction, whose COMMIT would be a third round trip).
        try
        {
            long lastPosition;
            Head? head = null;
            await using (var batch = new NpgsqlBatch(connection))
            {
                // The counter's row lock serialises the clinic's appends until commit: positions follow commit order.
                batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
                batch.BatchCommands.Add(Command(_sql.ReservePositions, Value((long)count)));
                batch.BatchCommands.Add(Command(_sql.ReadHead, Value(request.Stream.Value)));
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                lastPosition = reader.GetInt64(0);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    head = new Head(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetFieldValue<byte[]>(3));
                }
            }

            var headHash = EventHash.Zero;
            if (head is not null)
            {
                if (head.Kind != kind || head.Patient != patient)
                {
                    var storedKind = EventHashing.TryParseKind(head.Kind, out var parsed) ? parsed : request.Kind;
                    throw new StreamOwnershipException(request.Stream, storedKind, request.Kind, head.Patient != patient);
                }

                if (!EventHash.TryFromBytes(head.Hash, out headHash))
                {
                    throw new RecordIntegrityException(new IntegrityFailure(request.Stream, head.Version, 0, IntegrityFailureKind.Malformed, "the stream's recorded head hash is not 32 bytes"));
                }
            }

            var actual = head?.Version ?? 0;
            if (actual != request.ExpectedVersion)
            {
                // The counter is rolled back with the transaction; what this store knows of it still holds.
                Volatile.Write(ref _lastPosition, lastPosition - count);
                if (head is not null)
                {
                    _heads[request.Stream.Value] = new KnownHead(request.Kind, request.Patient, actual, headHash);
                }

                throw new StreamVersionConflictException(request.Stream, request.ExpectedVersion, actual);
            }

            var events = RecordRules.Seal(request, actual, headHash, lastPosition - count + 1);
            await using (var batch = new NpgsqlBatch(connection))
            {
                AddWrites(batch, request, kind, patient, events, audit);
                batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
                try
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // Cannot happen while appends hold the counter lock; kept so a concurrent writer is never silently lost.
                    throw new StreamVersionConflictException(request.Stream, request.ExpectedVersion, actual + 1);
                }
            }

            Remember(request, events[^1]);
            return events;
        }
        catch
        {
            await RollBackQuietlyAsync(connection).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The writes of one append: the events, the stream head, the patient index entry and the audit entries.</summary>
    private void AddWrites(NpgsqlBatch batch, AppendRequest request, string kind, string patient, StoredEvent[] events, IReadOnlyList<AuditRecord> audit)
    {
        batch.BatchCommands.Add(InsertEvents(request.Stream.Value, kind, patient, events));
        var first = events[0];
        var last = events[^1];
        batch.BatchCommands.Add(Command(
            _sql.UpsertStream,
            Value(request.Stream.Value), Value(kind), Value(patient), Value(last.Version), Value(last.Hash.ToArray()),
            Value(first.Position), Value(last.Position), Value(EventHashing.ToMicroseconds(first.RecordedAt)),
            Value(EventHashing.ToMicroseconds(last.RecordedAt)), Text(request.Status)));
        if (request.PatientIndex is { } index)
        {
            batch.BatchCommands.Add(UpsertPatient(index));
        }

        if (audit.Count > 0)
        {
            batch.BatchCommands.Add(AppendAuditEntries(audit));
        }
    }

    /// <summary>Keeps the clinic's last position and the stream's head after a committed append, for the next guess.</summary>
    private void Remember(AppendRequest request, StoredEvent last)
    {
        Volatile.Write(ref _lastPosition, last.Position);
        RememberHead(request.Stream, request.Kind, request.Patient, last.Version, last.Hash);
    }

    private void RememberHead(StreamId stream, StreamKind kind, PatientId patient, long version, EventHash hash)
    {
        if (_heads.Count >= MaxKnownHeads)
        {
            _heads.Clear();
        }

        _heads[stream.Value] = new KnownHead(kind, patient, version, hash);
    }

    /// <summary>Ends an open transaction after a failed or refused append (a broken connection is discarded by the pool).</summary>
    private static async Task RollBackQuietlyAsync(NpgsqlConnection connection)
    {
        if (connection.State != ConnectionState.Open)
        {
            return;
        }

        try
        {
            await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
            await rollback.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadStreamAsync(StreamId stream, long fromVersion = 1, CancellationToken cancellationToken = default)
    {
        ThrowIfUnset(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromVersion, 1);
        var events = await ReadEventsAsync(_sql.ReadStream, [Value(stream.Value), Value(fromVersion)], cancellationToken).ConfigureAwait(false);
        if (events.Count > 0 && events[^1] is var head && head.Stream == stream)
        {
            // The head as read: the next append to this stream can usually go in one round trip.
            RememberHead(stream, head.Kind, head.Patient, head.Version, head.Hash);
        }

        return events;
    }

    /// <inheritdoc />
    public async Task<StreamInfo?> GetStreamAsync(StreamId stream, CancellationToken cancellationToken = default)
    {
        ThrowIfUnset(stream);
        var page = await ReadStreamInfosAsync(_sql.GetStream, [Value(stream.Value)], int.MaxValue, cancellationToken).ConfigureAwait(false);
        if (page.Count == 0)
        {
            return null;
        }

        var info = page[0];
        RememberHead(info.Stream, info.Kind, info.Patient, info.Version, info.HeadHash);
        return info;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadPatientHistoryAsync(PatientId patient, CancellationToken cancellationToken = default) =>
        await ReadEventsAsync(_sql.ReadPatient, [Value(patient.ToString())], cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredEvent>> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterPosition);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        return await ReadEventsAsync(_sql.ReadAll, [Value(afterPosition), Value(maxCount)], cancellationToken).ConfigureAwait(false);
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

        return await ReadPatientsAsync(
            _sql.FindPatients,
            [Text(name), new NpgsqlParameter { Value = query.DateOfBirth is { } d ? d : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date }],
            page, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RecordPage<PatientIndexEntry>> ListPatientsAsync(PageRequest page, CancellationToken cancellationToken = default)
    {
        page.Validate();
        return await ReadPatientsAsync(_sql.ListPatients, [], page, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RecordPage<StreamInfo>> ListStreamsAsync(StreamKind kind, PatientId? patient, PageRequest page, CancellationToken cancellationToken = default)
    {
        page.Validate();
        var kindText = EventHashing.KindText(kind);
        var items = await ReadStreamInfosAsync(
            _sql.ListStreams,
            [Value(kindText), Text(patient?.ToString()), Value((long)page.Offset), Value((long)page.Size + 1)],
            int.MaxValue, cancellationToken).ConfigureAwait(false);
        return ToPage(items, page);
    }

    /// <inheritdoc />
    public async Task<IntegrityReport> VerifyAsync(RecordCheckpoint? kept = null, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var verifier = new RecordChainVerifier(kept);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One snapshot for the events and the heads.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(_sql.VerifyEvents, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!verifier.Add(ReadRow(reader)))
                {
                    break;
                }
            }
        }

        var heads = new List<StreamHeadRow>();
        if (verifier.FirstFailure is null)
        {
            await using var command = new NpgsqlCommand(_sql.VerifyHeads, connection, transaction);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                heads.Add(new StreamHeadRow(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetFieldValue<byte[]>(4)));
            }
        }

        return verifier.Complete(heads);
    }

    /// <inheritdoc />
    public async Task<AuditEntry> AppendAuditAsync(AuditRecord entry, CancellationToken cancellationToken = default)
    {
        RecordRules.Validate(entry);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.AppendAudit);
        command.Parameters.Add(Value(EventHashing.ToMicroseconds(entry.At)));
        command.Parameters.Add(Value(entry.ActorId));
        command.Parameters.Add(Value(entry.Action));
        command.Parameters.Add(Value((int)entry.Outcome));
        command.Parameters.Add(Text(entry.Patient?.ToString()));
        command.Parameters.Add(Text(entry.Stream?.Value));
        command.Parameters.Add(Text(entry.Detail));
        var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        return new AuditEntry(sequence, entry with { At = EventHashing.Truncate(entry.At) });
    }

    /// <inheritdoc />
    public async Task<RecordPage<AuditEntry>> QueryAuditAsync(AuditQuery query, PageRequest page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        page.Validate();
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(_sql.QueryAudit);
        command.Parameters.Add(Text(query.Patient?.ToString()));
        command.Parameters.Add(Text(query.ActorId));
        command.Parameters.Add(BigInt(query.From is { } from ? EventHashing.ToMicroseconds(from) : null));
        command.Parameters.Add(BigInt(query.To is { } to ? EventHashing.ToMicroseconds(to) : null));
        command.Parameters.Add(Value((long)page.Offset));
        command.Parameters.Add(Value((long)page.Size + 1));
        var items = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadAudit(reader));
        }

        return ToPage(items, page);
    }

    /// <inheritdoc />
    public async Task ImportAsync(RecordImportBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(batch.Events);
        ArgumentNullException.ThrowIfNull(batch.Streams);
        ArgumentNullException.ThrowIfNull(batch.Patients);
        ArgumentNullException.ThrowIfNull(batch.Audit);
        await InitializeAsync(cancellationToken).ConfigureAwait(false);

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        long lastPosition;
        long lastAudit;
        await using (var command = new NpgsqlCommand(_sql.LockCounters, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            lastPosition = reader.GetInt64(0);
            lastAudit = reader.GetInt64(1);
        }

        // Every event must continue its stream's chain: the head is the store's, or the batch's previous event.
        var heads = new Dictionary<string, (string Kind, string Patient, long Version, EventHash Hash, long First, long CreatedAt)>(StringComparer.Ordinal);
        var updates = new Dictionary<string, (long Last, long UpdatedAt)>(StringComparer.Ordinal);
        foreach (var stored in batch.Events)
        {
            ArgumentNullException.ThrowIfNull(stored, nameof(batch));
            var row = stored.ToRow();
            if (row.Position <= lastPosition)
            {
                throw new RecordIntegrityException(new IntegrityFailure(stored.Stream, row.Version, row.Position, IntegrityFailureKind.PositionOrder,
                    $"position {row.Position} does not follow the store's last position {lastPosition}"));
            }

            if (!heads.TryGetValue(row.Stream, out var head))
            {
                await using var command = new NpgsqlCommand(_sql.ReadHeadForImport, connection, transaction);
                command.Parameters.Add(Value(row.Stream));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                head = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? (reader.GetString(0), reader.GetString(1), reader.GetInt64(2), EventHash.FromBytes(reader.GetFieldValue<byte[]>(3)), reader.GetInt64(4), reader.GetInt64(5))
                    : (row.Kind, row.Patient, 0, EventHash.Zero, row.Position, row.RecordedAtMicroseconds);
            }

            var failure =
                row.Version != head.Version + 1 ? (IntegrityFailureKind.VersionGap, $"expected version {head.Version + 1}, found version {row.Version}")
                : !row.PreviousHash.Span.SequenceEqual(head.Hash.Span) ? (IntegrityFailureKind.PreviousHashMismatch, "the previous hash differs from the hash of the stream's previous event")
                : head.Kind != row.Kind || head.Patient != row.Patient ? (IntegrityFailureKind.StreamMismatch, "the stream kind or patient differs from the stream's first event")
                : EventHashing.Compute(row) != stored.Hash ? (IntegrityFailureKind.HashMismatch, "the hash differs from the hash computed from the event's fields")
                : ((IntegrityFailureKind Kind, string Detail)?)null;
            if (failure is { } f)
            {
                throw new RecordIntegrityException(new IntegrityFailure(stored.Stream, row.Version, row.Position, f.Kind, f.Detail));
            }

            heads[row.Stream] = (head.Kind, head.Patient, row.Version, stored.Hash, head.First, head.CreatedAt);
            updates[row.Stream] = (row.Position, row.RecordedAtMicroseconds);
            lastPosition = row.Position;
        }

        await using (var write = new NpgsqlBatch(connection, transaction))
        {
            foreach (var group in batch.Events.GroupBy(e => e.Stream.Value, StringComparer.Ordinal))
            {
                var first = group.First();
                write.BatchCommands.Add(InsertEvents(group.Key, EventHashing.KindText(first.Kind), first.Patient.ToString(), group.ToArray()));
            }

            foreach (var (stream, head) in heads)
            {
                var update = updates[stream];
                write.BatchCommands.Add(Command(
                    _sql.UpsertStream,
                    Value(stream), Value(head.Kind), Value(head.Patient), Value(head.Version), Value(head.Hash.ToArray()),
                    Value(head.First), Value(update.Last), Value(head.CreatedAt), Value(update.UpdatedAt), Text(null)));
            }

            foreach (var info in batch.Streams)
            {
                ArgumentNullException.ThrowIfNull(info, nameof(batch));
                if (info.Status is { } status && (status.Length is 0 or > RecordRules.MaxStatusLength))
                {
                    throw new ArgumentException($"Stream {info.Stream}: a status has 1–{RecordRules.MaxStatusLength} characters.", nameof(batch));
                }

                write.BatchCommands.Add(Command(_sql.SetStreamStatus, Value(info.Stream.Value), Text(info.Status)));
            }

            foreach (var entry in batch.Patients)
            {
                ArgumentNullException.ThrowIfNull(entry, nameof(batch));
                write.BatchCommands.Add(UpsertPatient(entry));
            }

            foreach (var entry in batch.Audit)
            {
                ArgumentNullException.ThrowIfNull(entry, nameof(batch));
                RecordRules.Validate(entry.Record);
                if (entry.Sequence <= lastAudit)
                {
                    throw new ArgumentException($"Audit entry {entry.Sequence} does not follow the trail's last entry {lastAudit}.", nameof(batch));
                }

                lastAudit = entry.Sequence;
                var r = entry.Record;
                write.BatchCommands.Add(Command(
                    _sql.ImportAudit,
                    Value(entry.Sequence), Value(EventHashing.ToMicroseconds(r.At)), Value(r.ActorId), Value(r.Action), Value((int)r.Outcome),
                    Text(r.Patient?.ToString()), Text(r.Stream?.Value), Text(r.Detail)));
            }

            write.BatchCommands.Add(Command(_sql.SetCounters, Value(lastPosition), Value(lastAudit)));
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _initializeGate.Dispose();
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _initializeGate.Dispose();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    internal static void ThrowIfInvalid(PostgreSqlRecordStoreOptions options)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
    }

    private async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        var events = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(ReadRow(reader).ToStoredEvent());
        }

        return events;
    }

    private async Task<List<StreamInfo>> ReadStreamInfosAsync(string sql, NpgsqlParameter[] parameters, int max, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        var items = new List<StreamInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (items.Count < max && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(ReadStreamInfo(reader));
        }

        return items;
    }

    private async Task<RecordPage<PatientIndexEntry>> ReadPatientsAsync(string sql, NpgsqlParameter[] parameters, PageRequest page, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        command.Parameters.Add(Value((long)page.Offset));
        command.Parameters.Add(Value((long)page.Size + 1));
        var items = new List<PatientIndexEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (!id.StartsWith("pat_", StringComparison.Ordinal) || !Guid.TryParseExact(id.AsSpan(4), "N", out var guid))
            {
                throw new RecordIntegrityException(new IntegrityFailure(null, 0, 0, IntegrityFailureKind.Malformed, "a patient index entry's stored id is not valid"));
            }

            items.Add(new PatientIndexEntry(new PatientId(guid), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3)));
        }

        return ToPage(items, page);
    }

    private static RecordPage<T> ToPage<T>(List<T> items, PageRequest page)
    {
        if (items.Count > page.Size)
        {
            items.RemoveAt(items.Count - 1);
            return new RecordPage<T>(items, new PageRequest(page.Offset + page.Size, page.Size));
        }

        return new RecordPage<T>(items, null);
    }

    private NpgsqlBatchCommand InsertEvents(string stream, string kind, string patient, StoredEvent[] events)
    {
        var n = events.Length;
        var positions = new long[n];
        var versions = new long[n];
        var types = new string[n];
        var schemaVersions = new long[n];
        var payloads = new byte[n][];
        var recorded = new long[n];
        var actors = new string[n];
        var previous = new byte[n][];
        var hashes = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            var e = events[i];
            positions[i] = e.Position;
            versions[i] = e.Version;
            types[i] = e.Type;
            schemaVersions[i] = e.SchemaVersion;
            payloads[i] = AsArray(e.Payload);
            recorded[i] = EventHashing.ToMicroseconds(e.RecordedAt);
            actors[i] = e.ActorId;
            previous[i] = e.PreviousHash.ToArray();
            hashes[i] = e.Hash.ToArray();
        }

        return Command(
            _sql.InsertEvents,
            Value(stream), Value(kind), Value(patient), Value(positions), Value(versions), Value(types), Value(schemaVersions),
            ByteaArray(payloads), Value(recorded), Value(actors), ByteaArray(previous), ByteaArray(hashes));
    }

    private NpgsqlBatchCommand AppendAuditEntries(IReadOnlyList<AuditRecord> audit)
    {
        var n = audit.Count;
        var at = new long[n];
        var actors = new string[n];
        var actions = new string[n];
        var outcomes = new int[n];
        var patients = new string?[n];
        var streams = new string?[n];
        var details = new string?[n];
        for (var i = 0; i < n; i++)
        {
            var entry = audit[i];
            at[i] = EventHashing.ToMicroseconds(entry.At);
            actors[i] = entry.ActorId;
            actions[i] = entry.Action;
            outcomes[i] = (int)entry.Outcome;
            patients[i] = entry.Patient?.ToString();
            streams[i] = entry.Stream?.Value;
            details[i] = entry.Detail;
        }

        return Command(
            _sql.AppendAuditEntries,
            Value((long)n), Value(at), Value(actors), Value(actions), Value(outcomes), TextArray(patients), TextArray(streams), TextArray(details));
    }

    private NpgsqlBatchCommand UpsertPatient(PatientIndexEntry index) => Command(
        _sql.UpsertPatient,
        Value(index.Patient.ToString()), Value(index.GivenName), Value(index.FamilyName),
        new NpgsqlParameter { Value = index.DateOfBirth, NpgsqlDbType = NpgsqlDbType.Date }, Value(index.SearchText), Value(index.SortKey));

    private static byte[] AsArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    private static EventRow ReadRow(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5),
        reader.GetInt64(6), reader.GetFieldValue<byte[]>(7), reader.GetInt64(8), reader.GetString(9),
        reader.GetFieldValue<byte[]>(10), reader.GetFieldValue<byte[]>(11));

    private static StreamInfo ReadStreamInfo(NpgsqlDataReader reader)
    {
        var id = reader.GetString(0);
        StreamId? stream = StreamId.IsValid(id) ? new StreamId(id) : null;
        var version = reader.GetInt64(3);
        if (stream is null || !EventHashing.TryParseKind(reader.GetString(1), out var kind)
            || reader.GetString(2) is not { } patient || !patient.StartsWith("pat_", StringComparison.Ordinal) || !Guid.TryParseExact(patient.AsSpan(4), "N", out var guid)
            || !EventHash.TryFromBytes(reader.GetFieldValue<byte[]>(4), out var hash))
        {
            throw new RecordIntegrityException(new IntegrityFailure(stream, version, 0, IntegrityFailureKind.Malformed, "the stream's recorded head cannot be read"));
        }

        return new StreamInfo(
            stream.Value, kind, new PatientId(guid), version, hash, EventHashing.FromMicroseconds(reader.GetInt64(5)),
            EventHashing.FromMicroseconds(reader.GetInt64(6)), reader.IsDBNull(7) ? null : reader.GetString(7));
    }

    private static AuditEntry ReadAudit(NpgsqlDataReader reader)
    {
        PatientId? patient = null;
        if (!reader.IsDBNull(5))
        {
            var text = reader.GetString(5);
            patient = text.StartsWith("pat_", StringComparison.Ordinal) && Guid.TryParseExact(text.AsSpan(4), "N", out var guid)
                ? new PatientId(guid)
                : throw new RecordIntegrityException(new IntegrityFailure(null, 0, 0, IntegrityFailureKind.Malformed, $"audit entry {reader.GetInt64(0)}: the stored patient id is not valid"));
        }

        StreamId? stream = null;
        if (!reader.IsDBNull(6))
        {
            var text = reader.GetString(6);
            stream = StreamId.IsValid(text)
                ? new StreamId(text)
                : throw new RecordIntegrityException(new IntegrityFailure(null, 0, 0, IntegrityFailureKind.Malformed, $"audit entry {reader.GetInt64(0)}: the stored stream id is not valid"));
        }

        return new AuditEntry(
            reader.GetInt64(0),
            new AuditRecord(EventHashing.FromMicroseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3), (AuditOutcome)reader.GetInt32(4),
                patient, stream, reader.IsDBNull(7) ? null : reader.GetString(7)));
    }

    private static void ThrowIfUnset(StreamId stream)
    {
        if (stream.Value is null)
        {
            throw new ArgumentException("The stream id is not set.", nameof(stream));
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static NpgsqlParameter<T> Value<T>(T value) => new() { TypedValue = value };

    private static NpgsqlParameter ByteaArray(byte[][] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea };

    private static NpgsqlParameter TextArray(string?[] values) => new() { Value = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter BigInt(long? value) => new() { Value = value is { } v ? v : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private sealed record Head(string Kind, string Patient, long Version, byte[] Hash);

    /// <summary>A stream head this store wrote or read (a guess: the next append checks it on the server).</summary>
    private sealed record KnownHead(StreamKind Kind, PatientId Patient, long Version, EventHash Hash);

    /// <summary>The store's SQL, with the clinic's schema filled in once.</summary>
    private sealed class Statements(string s)
    {
        public string ReservePositions { get; } = $"UPDATE {s}.counters SET value = value + $1 WHERE name = 'position' RETURNING value";

        public string CheckAppend { get; } = $"SELECT {s}.check_append($1, $2, $3, $4, $5, $6, $7)";

        public string AppendAuditEntries { get; } =
            $"WITH seq AS (UPDATE {s}.counters SET value = value + $1 WHERE name = 'audit' RETURNING value) " +
            $"INSERT INTO {s}.audit ({AuditColumns}) SELECT seq.value - $1 + a.n, a.at, a.actor_id, a.action, a.outcome, a.patient, a.stream, a.detail " +
            "FROM seq, unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY " +
            "AS a(at, actor_id, action, outcome, patient, stream, detail, n)";

        public string ReadHead { get; } = $"SELECT kind, patient, version, hash FROM {s}.streams WHERE stream = $1";

        public string InsertEvents { get; } =
            $"INSERT INTO {s}.events ({EventColumns}) SELECT e.position, $1, $2, $3, e.version, e.type, e.schema_version, e.payload, e.recorded_at, e.actor_id, e.previous_hash, e.hash " +
            "FROM unnest($4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $8::bytea[], $9::bigint[], $10::text[], $11::bytea[], $12::bytea[]) " +
            "AS e(position, version, type, schema_version, payload, recorded_at, actor_id, previous_hash, hash)";

        public string UpsertStream { get; } =
            $"INSERT INTO {s}.streams AS t (stream, kind, patient, version, hash, first_position, last_position, created_at, updated_at, status) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (stream) DO UPDATE SET version = excluded.version, hash = excluded.hash, " +
            "last_position = excluded.last_position, updated_at = excluded.updated_at, status = coalesce(excluded.status, t.status)";

        public string UpsertPatient { get; } =
            $"INSERT INTO {s}.patients (patient, given_name, family_name, date_of_birth, search_text, sort_key) VALUES ($1, $2, $3, $4, $5, $6) " +
            "ON CONFLICT (patient) DO UPDATE SET given_name = excluded.given_name, family_name = excluded.family_name, " +
            "date_of_birth = excluded.date_of_birth, search_text = excluded.search_text, sort_key = excluded.sort_key";

        public string ReadStream { get; } = $"SELECT {EventColumns} FROM {s}.events WHERE stream = $1 AND version >= $2 ORDER BY version";

        public string ReadPatient { get; } = $"SELECT {EventColumns} FROM {s}.events WHERE patient = $1 ORDER BY position";

        public string ReadAll { get; } = $"SELECT {EventColumns} FROM {s}.events WHERE position > $1 ORDER BY position LIMIT $2";

        public string VerifyEvents { get; } = $"SELECT {EventColumns} FROM {s}.events ORDER BY position";

        public string VerifyHeads { get; } = $"SELECT stream, kind, patient, version, hash FROM {s}.streams";

        public string GetStream { get; } = $"SELECT {StreamColumns} FROM {s}.streams WHERE stream = $1";

        public string ListStreams { get; } =
            $"SELECT {StreamColumns} FROM {s}.streams WHERE kind = $1 AND ($2::text IS NULL OR patient = $2) ORDER BY first_position DESC OFFSET $3 LIMIT $4";

        public string FindPatients { get; } =
            $"SELECT {PatientColumns} FROM {s}.patients WHERE ($1::text IS NULL OR strpos(search_text, $1) > 0) AND ($2::date IS NULL OR date_of_birth = $2) " +
            "ORDER BY sort_key, patient COLLATE \"C\" OFFSET $3 LIMIT $4";

        public string ListPatients { get; } =
            $"SELECT {PatientColumns} FROM {s}.patients ORDER BY sort_key, patient COLLATE \"C\" OFFSET $1 LIMIT $2";

        public string AppendAudit { get; } =
            $"WITH seq AS (UPDATE {s}.counters SET value = value + 1 WHERE name = 'audit' RETURNING value) " +
            $"INSERT INTO {s}.audit ({AuditColumns}) SELECT value, $1, $2, $3, $4, $5, $6, $7 FROM seq RETURNING sequence";

        public string QueryAudit { get; } =
            $"SELECT {AuditColumns} FROM {s}.audit WHERE ($1::text IS NULL OR patient = $1) AND ($2::text IS NULL OR actor_id = $2) " +
            "AND ($3::bigint IS NULL OR at >= $3) AND ($4::bigint IS NULL OR at < $4) ORDER BY sequence DESC OFFSET $5 LIMIT $6";

        public string LockCounters { get; } =
            $"SELECT (SELECT value FROM {s}.counters WHERE name = 'position' FOR UPDATE), (SELECT value FROM {s}.counters WHERE name = 'audit' FOR UPDATE)";

        public string ReadHeadForImport { get; } = $"SELECT kind, patient, version, hash, first_position, created_at FROM {s}.streams WHERE stream = $1";

        public string SetStreamStatus { get; } = $"UPDATE {s}.streams SET status = $2 WHERE stream = $1";

        public string ImportAudit { get; } = $"INSERT INTO {s}.audit ({AuditColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

        public string SetCounters { get; } =
            $"UPDATE {s}.counters SET value = CASE name WHEN 'position' THEN $1 ELSE $2 END WHERE name IN ('position', 'audit')";
    }
}
