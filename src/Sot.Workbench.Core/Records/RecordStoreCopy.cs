namespace Sot.Workbench.Records;

/// <summary>The outcome of a whole-record copy.</summary>
/// <param name="SourceCheckpoint">The source's checkpoint, taken by verifying it before the copy; the copy holds exactly the record up to it.</param>
/// <param name="TargetReport">The target's verification after the copy, against <paramref name="SourceCheckpoint"/>.</param>
/// <param name="Events">Events copied.</param>
/// <param name="StreamStatuses">Stream statuses copied.</param>
/// <param name="Patients">Patient index entries copied.</param>
/// <param name="AuditEntries">Audit entries copied.</param>
public sealed record RecordCopyReport(RecordCheckpoint SourceCheckpoint, IntegrityReport TargetReport, long Events, long StreamStatuses, long Patients, long AuditEntries);

/// <summary>
/// Copies a clinic's whole record from one store into an empty one of any kind (the path a growing clinic takes from
/// SQLite to PostgreSQL; it needs only <see cref="IRecordStore"/> on the source and <see cref="IRecordImport"/> on the
/// target): every event with its position and hashes as they are, stream statuses, the patient index and the
/// audit trail. The source is verified first (a broken source is not copied) and every chain of the target is
/// verified after the copy against the source's checkpoint.
/// </summary>
public static class RecordStoreCopy
{
    /// <summary>The number of events read and written per batch.</summary>
    public const int DefaultBatchSize = 2_000;

    /// <summary>Copies <paramref name="source"/> into the empty <paramref name="target"/> and verifies the copy.</summary>
    /// <typeparam name="TTarget">A store that accepts copied records.</typeparam>
    /// <param name="source">The store to copy (it may stay in use: events appended after its verification are not copied).</param>
    /// <param name="target">An empty store.</param>
    /// <param name="batchSize">Events per batch (1–10,000).</param>
    /// <param name="cancellationToken">Cancels the copy (the target then holds a prefix of the record; start again with an empty one).</param>
    /// <returns>What was copied and the target's verification, which matches the source's checkpoint.</returns>
    /// <exception cref="InvalidOperationException">The target already holds events or audit entries: nothing was written.</exception>
    /// <exception cref="RecordIntegrityException">The source does not verify (nothing was written), or the copy does not verify against the source's checkpoint.</exception>
    public static async Task<RecordCopyReport> CopyAsync<TTarget>(IRecordStore source, TTarget target, int batchSize = DefaultBatchSize, CancellationToken cancellationToken = default)
        where TTarget : IRecordStore, IRecordImport
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, RecordRules.MaxEventsPerAppend);
        if (ReferenceEquals(source, target))
        {
            throw new ArgumentException("A record cannot be copied onto itself.", nameof(target));
        }

        if ((await target.ReadAllAsync(0, 1, cancellationToken).ConfigureAwait(false)).Count > 0
            || (await target.QueryAuditAsync(new AuditQuery(), PageRequest.First(1), cancellationToken).ConfigureAwait(false)).Items.Count > 0)
        {
            throw new InvalidOperationException("The target store already holds records: a whole record is copied into an empty store only. Nothing was written.");
        }

        var sourceReport = await source.VerifyAsync(null, cancellationToken).ConfigureAwait(false);
        if (sourceReport.FirstFailure is { } broken)
        {
            throw new RecordIntegrityException(broken with { Detail = "the source does not verify, nothing was copied: " + broken.Detail });
        }

        var checkpoint = sourceReport.Checkpoint!;

        // Events up to the checkpoint, in global order, with their positions and hashes.
        long events = 0;
        var after = 0L;
        while (after < checkpoint.Position)
        {
            var read = await source.ReadAllAsync(after, batchSize, cancellationToken).ConfigureAwait(false);
            var batch = read.Where(e => e.Position <= checkpoint.Position).ToList();
            if (batch.Count == 0)
            {
                break;
            }

            await target.ImportAsync(new RecordImportBatch(batch, [], [], []), cancellationToken).ConfigureAwait(false);
            events += batch.Count;
            after = batch[^1].Position;
        }

        // Stream statuses (the derived list aids), the patient index and the audit trail.
        long statuses = 0;
        foreach (var kind in Enum.GetValues<StreamKind>())
        {
            for (PageRequest? page = new PageRequest(0, PageRequest.MaxSize); page is { } p;)
            {
                var streams = await source.ListStreamsAsync(kind, null, p, cancellationToken).ConfigureAwait(false);
                var withStatus = streams.Items.Where(s => s.Status is not null).ToList();
                if (withStatus.Count > 0)
                {
                    await target.ImportAsync(new RecordImportBatch([], withStatus, [], []), cancellationToken).ConfigureAwait(false);
                    statuses += withStatus.Count;
                }

                page = streams.Next;
            }
        }

        long patients = 0;
        for (PageRequest? page = new PageRequest(0, PageRequest.MaxSize); page is { } p;)
        {
            var entries = await source.ListPatientsAsync(p, cancellationToken).ConfigureAwait(false);
            if (entries.Items.Count > 0)
            {
                await target.ImportAsync(new RecordImportBatch([], [], entries.Items, []), cancellationToken).ConfigureAwait(false);
                patients += entries.Items.Count;
            }

            page = entries.Next;
        }

        var audit = new List<AuditEntry>();
        for (PageRequest? page = new PageRequest(0, PageRequest.MaxSize); page is { } p;)
        {
            var entries = await source.QueryAuditAsync(new AuditQuery(), p, cancellationToken).ConfigureAwait(false);
            audit.AddRange(entries.Items);
            page = entries.Next;
        }

        // Newest first from the query; the trail is written in sequence order.
        audit.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        foreach (var chunk in audit.Chunk(batchSize))
        {
            await target.ImportAsync(new RecordImportBatch([], [], [], chunk), cancellationToken).ConfigureAwait(false);
        }

        var targetReport = await target.VerifyAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        if (targetReport.FirstFailure is { } failure)
        {
            throw new RecordIntegrityException(failure with { Detail = "the copy does not verify against the source's checkpoint: " + failure.Detail });
        }

        if (targetReport.Checkpoint != checkpoint)
        {
            throw new RecordIntegrityException(new IntegrityFailure(null, 0, checkpoint.Position, IntegrityFailureKind.CheckpointMismatch,
                $"the copy's checkpoint {targetReport.Checkpoint} differs from the source's {checkpoint}"));
        }

        return new RecordCopyReport(checkpoint, targetReport, events, statuses, patients, audit.Count);
    }
}
