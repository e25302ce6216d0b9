namespace Sot.Workbench.Records;

/// <summary>Settings of the application services (configuration section <c>Workbench:Records</c>).</summary>
public sealed class RecordServiceOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Workbench:Records";

    /// <summary>
    /// How many times a command is tried when another writer appended to the same record first and the command is
    /// safe to run again on the newer state (1–10). Default: 3.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Whether the host opens the record store when it starts (creating the schema or applying forward
    /// migrations, and failing the start if the database cannot be used). Otherwise the store opens on first use.
    /// Default: true.
    /// </summary>
    public bool OpenStoreAtStart { get; set; } = true;
}

/// <summary>The record a command or read names does not exist (or is not of the kind named).</summary>
public sealed class RecordNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RecordNotFoundException(StreamId stream, StreamKind kind)
        : base($"No {EventHashing.KindText(kind)} record {stream} exists.")
    {
        Stream = stream;
        Kind = kind;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordNotFoundException() : base("The record does not exist.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordNotFoundException(string message) : base(message) { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public RecordNotFoundException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The stream named.</summary>
    public StreamId Stream { get; }

    /// <summary>The kind of record expected.</summary>
    public StreamKind Kind { get; }
}
