using System.Globalization;

namespace Sot.Workbench.Records;

/// <summary>A stream's head as a store records it (stored form).</summary>
/// <param name="Stream">Stream id text.</param>
/// <param name="Kind">Stream kind text.</param>
/// <param name="Patient">Patient id text.</param>
/// <param name="Version">Head version.</param>
/// <param name="Hash">Head hash bytes.</param>
public readonly record struct StreamHeadRow(string Stream, string Kind, string Patient, long Version, ReadOnlyMemory<byte> Hash);

/// <summary>
/// Verifies every chain of a store in one pass, shared by all stores: feed every event row in global position
/// order with <see cref="Add"/> (stop when it returns false), then call <see cref="Complete"/> with the stream
/// heads the store records. Reports the first broken event and the checkpoint; checks a kept checkpoint.
/// Memory: one entry per stream.
/// </summary>
public sealed class RecordChainVerifier
{
    private readonly Dictionary<string, Chain> _chains = new(StringComparer.Ordinal);
    private readonly RecordCheckpoint? _kept;
    private IntegrityFailure? _failure;
    private long _lastPosition;
    private long _events;
    private bool? _keptMatches;

    /// <summary>Creates a verifier.</summary>
    /// <param name="kept">A checkpoint kept outside the store to check the record against, if any.</param>
    public RecordChainVerifier(RecordCheckpoint? kept = null)
    {
        _kept = kept;
        if (kept is { Position: 0 })
        {
            _keptMatches = kept.EventCount == 0 && kept.Hash == Checkpoint(0, 0).Hash;
        }
    }

    /// <summary>The first failure so far.</summary>
    public IntegrityFailure? FirstFailure => _failure;

    /// <summary>Checks the next event (in global position order).</summary>
    /// <returns>False once a failure was found: stop feeding rows.</returns>
    public bool Add(in EventRow row)
    {
        if (_failure is not null)
        {
            return false;
        }

        StreamId? stream = StreamId.IsValid(row.Stream) ? new StreamId(row.Stream) : null;
        if (_kept is not null && _keptMatches is null && row.Position > _kept.Position)
        {
            CheckKept();
        }

        if (row.Position <= _lastPosition)
        {
            return Fail(stream, row, IntegrityFailureKind.PositionOrder, $"position {Num(row.Position)} follows position {Num(_lastPosition)}");
        }

        _lastPosition = row.Position;
        _events++;
        if (stream is null)
        {
            return Fail(null, row, IntegrityFailureKind.Malformed, $"the stream id of the event at position {Num(row.Position)} is not valid");
        }

        if (!EventHashing.TryParseKind(row.Kind, out _))
        {
            return Fail(stream, row, IntegrityFailureKind.Malformed, "the stream kind is not valid");
        }

        _chains.TryGetValue(row.Stream, out var chain);
        var expected = (chain?.Version ?? 0) + 1;
        if (row.Version != expected)
        {
            return Fail(stream, row, IntegrityFailureKind.VersionGap, $"expected version {Num(expected)}, found version {Num(row.Version)}");
        }

        var previous = chain?.Hash ?? EventHash.Zero;
        if (!row.PreviousHash.Span.SequenceEqual(previous.Span))
        {
            return Fail(stream, row, IntegrityFailureKind.PreviousHashMismatch,
                $"stored previous hash {Hex(row.PreviousHash)} differs from the hash of version {Num(row.Version - 1)}, {previous}");
        }

        if (chain is not null && (chain.Kind != row.Kind || chain.Patient != row.Patient))
        {
            return Fail(stream, row, IntegrityFailureKind.StreamMismatch,
                chain.Kind != row.Kind ? $"stream kind '{row.Kind}' differs from '{chain.Kind}' of version 1" : "the patient id differs from version 1's");
        }

        var computed = EventHashing.Compute(row);
        if (!row.Hash.Span.SequenceEqual(computed.Span))
        {
            return Fail(stream, row, IntegrityFailureKind.HashMismatch, $"stored hash {Hex(row.Hash)} differs from the hash computed from the stored fields, {computed}");
        }

        if (chain is null)
        {
            _chains[row.Stream] = new Chain(row.Kind, row.Patient, row.Version, computed);
        }
        else
        {
            chain.Version = row.Version;
            chain.Hash = computed;
        }

        return true;
    }

    /// <summary>Checks the stream heads the store records against the chains and produces the report.</summary>
    /// <param name="heads">Every stream head the store records.</param>
    public IntegrityReport Complete(IEnumerable<StreamHeadRow> heads)
    {
        ArgumentNullException.ThrowIfNull(heads);
        if (_failure is null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var head in heads)
            {
                seen.Add(head.Stream ?? string.Empty);
                StreamId? stream = StreamId.IsValid(head.Stream) ? new StreamId(head.Stream) : null;
                if (!StreamId.IsValid(head.Stream) || !_chains.TryGetValue(head.Stream, out var chain))
                {
                    _failure = new IntegrityFailure(stream, head.Version, 0, IntegrityFailureKind.StreamHeadMismatch,
                        $"the stream records head version {Num(head.Version)} but has no events");
                    break;
                }

                if (chain.Version != head.Version || !chain.Hash.Span.SequenceEqual(head.Hash.Span) || chain.Kind != head.Kind || chain.Patient != head.Patient)
                {
                    _failure = new IntegrityFailure(stream, head.Version, 0, IntegrityFailureKind.StreamHeadMismatch,
                        chain.Version != head.Version
                            ? $"the stream records head version {Num(head.Version)}, its last event is version {Num(chain.Version)}"
                            : chain.Hash.Span.SequenceEqual(head.Hash.Span)
                                ? "the stream's recorded kind or patient differs from its events"
                                : $"the stream records head hash {Hex(head.Hash)}, its last event's hash is {chain.Hash}");
                    break;
                }
            }

            if (_failure is null)
            {
                foreach (var (id, chain) in _chains)
                {
                    if (!seen.Contains(id))
                    {
                        _failure = new IntegrityFailure(new StreamId(id), chain.Version, 0, IntegrityFailureKind.StreamHeadMismatch, "the stream has events but no recorded head");
                        break;
                    }
                }
            }
        }

        if (_failure is null && _kept is not null && _keptMatches is null)
        {
            CheckKept();
        }

        if (_failure is null && _keptMatches == false)
        {
            _failure = new IntegrityFailure(null, 0, _kept!.Position, IntegrityFailureKind.CheckpointMismatch,
                _lastPosition < _kept.Position
                    ? $"the record ends at position {Num(_lastPosition)}, before the kept checkpoint's position {Num(_kept.Position)}"
                    : $"the stream heads as of position {Num(_kept.Position)} do not hash to the kept checkpoint {_kept.Hash}");
        }

        var checkpoint = _failure is null ? Checkpoint(_lastPosition, _events) : null;
        return new IntegrityReport(_failure, _events, _chains.Count, checkpoint, _kept is null ? null : _keptMatches ?? false);
    }

    private void CheckKept()
    {
        var kept = _kept!;
        if (_lastPosition != kept.Position && _lastPosition < kept.Position)
        {
            _keptMatches = false;
            return;
        }

        var now = Checkpoint(kept.Position, _events);
        _keptMatches = now.Hash == kept.Hash && now.EventCount == kept.EventCount && now.StreamCount == kept.StreamCount;
    }

    private RecordCheckpoint Checkpoint(long position, long events)
    {
        var hash = EventHashing.ComputeCheckpoint(position, events, _chains.Select(c => new KeyValuePair<string, (long, EventHash)>(c.Key, (c.Value.Version, c.Value.Hash))));
        return new RecordCheckpoint(position, _chains.Count, events, hash);
    }

    private bool Fail(StreamId? stream, in EventRow row, IntegrityFailureKind kind, string detail)
    {
        _failure = new IntegrityFailure(stream, row.Version, row.Position, kind, detail);
        return false;
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    private sealed class Chain(string kind, string patient, long version, EventHash hash)
    {
        public string Kind { get; } = kind;
        public string Patient { get; } = patient;
        public long Version { get; set; } = version;
        public EventHash Hash { get; set; } = hash;
    }
}
