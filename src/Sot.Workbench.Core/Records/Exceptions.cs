using System.Globalization;

namespace Sot.Workbench.Records;

/// <summary>
/// An append expected a stream version the stream is no longer (or not yet) at: another writer appended first.
/// Nothing was written. Reload the stream and decide again (the application services retry where that is safe).
/// </summary>
public sealed class StreamVersionConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamVersionConflictException(StreamId stream, long expectedVersion, long actualVersion)
        : base(string.Create(CultureInfo.InvariantCulture, $"Stream {stream}: expected version {expectedVersion}, but the stream is at version {actualVersion}. Nothing was written."))
    {
        Stream = stream;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public StreamVersionConflictException() : base("The stream is at another version. Nothing was written.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public StreamVersionConflictException(string message) : base(message) { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public StreamVersionConflictException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The stream.</summary>
    public StreamId Stream { get; }

    /// <summary>The version the writer expected.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version the stream is at.</summary>
    public long ActualVersion { get; }
}

/// <summary>An append named a kind or patient other than the ones the stream was created with. Nothing was written.</summary>
public sealed class StreamOwnershipException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamOwnershipException(StreamId stream, StreamKind kind, StreamKind requestedKind, bool patientDiffers)
        : base(kind != requestedKind
            ? $"Stream {stream} holds {kind} events; an append as {requestedKind} was refused. Nothing was written."
            : $"Stream {stream} belongs to another patient than the append names. Nothing was written.")
    {
        Stream = stream;
        Kind = kind;
        RequestedKind = requestedKind;
        PatientDiffers = patientDiffers;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public StreamOwnershipException() : base("The stream belongs to another kind or patient. Nothing was written.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public StreamOwnershipException(string message) : base(message) { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public StreamOwnershipException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The stream.</summary>
    public StreamId Stream { get; }

    /// <summary>The stream's kind.</summary>
    public StreamKind Kind { get; }

    /// <summary>The kind the append named.</summary>
    public StreamKind RequestedKind { get; }

    /// <summary>True when the append named another patient.</summary>
    public bool PatientDiffers { get; }
}
