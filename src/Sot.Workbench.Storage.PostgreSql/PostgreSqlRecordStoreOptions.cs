using Npgsql;

namespace Sot.Workbench.Storage.PostgreSql;

/// <summary>Where the PostgreSQL record store keeps a clinic's record.</summary>
public sealed class PostgreSqlRecordStoreOptions
{
    /// <summary>The configuration section the options bind from (<c>Workbench:Records:PostgreSql</c>, beside the SQLite store's <c>Workbench:Records:Sqlite</c>).</summary>
    public const string SectionName = "Workbench:Records:PostgreSql";

    /// <summary>The longest clinic id accepted.</summary>
    public const int MaxClinicLength = 40;

    /// <summary>The Npgsql connection string of the server and database (a password belongs in a secret store, not in files).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The clinic whose record this store reads and writes: 1–40 characters from <c>a–z</c>, <c>0–9</c> and
    /// <c>_</c>, starting with a letter. Each clinic has its own schema (<c>sotwb_&lt;clinic&gt;</c>) and every
    /// statement names that schema, so clinics sharing one server never see each other's records.
    /// </summary>
    public string Clinic { get; set; } = "main";

    /// <summary>The schema that holds the clinic's record.</summary>
    public string SchemaName => "sotwb_" + Clinic;

    /// <summary>The problems with these options (empty when valid). Never includes the connection string.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{SectionName}:{nameof(ConnectionString)} is required.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException)
            {
                problems.Add($"{SectionName}:{nameof(ConnectionString)} is not a valid Npgsql connection string.");
            }
        }

        if (!IsValidClinic(Clinic))
        {
            problems.Add($"{SectionName}:{nameof(Clinic)} has 1–{MaxClinicLength} characters from a–z, 0–9 and '_', starting with a letter.");
        }

        return problems;
    }

    /// <summary>True for a valid clinic id.</summary>
    public static bool IsValidClinic(string? clinic)
    {
        if (string.IsNullOrEmpty(clinic) || clinic.Length > MaxClinicLength || clinic[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in clinic)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The clinic's schema was written by a newer version of the store than this one: nothing is read or written.</summary>
public sealed class PostgreSqlSchemaVersionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgreSqlSchemaVersionException() : base("The clinic's schema is newer than this store.") { }

    /// <summary>Creates the exception.</summary>
    public PostgreSqlSchemaVersionException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public PostgreSqlSchemaVersionException(string message, Exception innerException) : base(message, innerException) { }
}
