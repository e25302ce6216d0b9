using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Sot.Workbench.Storage.Sqlite;

/// <summary>
/// The store's schema as forward migrations. The database's <c>PRAGMA user_version</c> is the number of
/// migrations applied; at start every later migration runs in one transaction. Migrations are never edited
/// once released: a change is a new migration.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Version 1: events and streams.</summary>
    private const string V1 = """
        CREATE TABLE events (
            position      INTEGER PRIMARY KEY,
            stream_id     TEXT    NOT NULL,
            version       INTEGER NOT NULL,
            kind          TEXT    NOT NULL,
            patient_id    TEXT    NOT NULL,
            type          TEXT    NOT NULL,
            schema_version INTEGER NOT NULL,
            payload       BLOB    NOT NULL,
            recorded_at   INTEGER NOT NULL,
            actor_id      TEXT    NOT NULL,
            previous_hash BLOB    NOT NULL,
            hash          BLOB    NOT NULL,
            UNIQUE (stream_id, version)
        ) STRICT;
        CREATE TABLE streams (
            stream_id      TEXT    PRIMARY KEY,
            kind           TEXT    NOT NULL,
            patient_id     TEXT    NOT NULL,
            version        INTEGER NOT NULL,
            head_hash      BLOB    NOT NULL,
            first_position INTEGER NOT NULL,
            created_at     INTEGER NOT NULL,
            updated_at     INTEGER NOT NULL
        ) STRICT, WITHOUT ROWID;
        """;

    /// <summary>
    /// Version 2: patient history in one indexed query, stream status and lists, the patient index, the audit
    /// trail, and triggers that refuse updates and deletes of events and audit entries.
    /// </summary>
    private const string V2 = """
        CREATE INDEX events_by_patient ON events (patient_id, position);
        ALTER TABLE streams ADD COLUMN status TEXT;
        CREATE INDEX streams_by_kind ON streams (kind, first_position);
        CREATE INDEX streams_by_patient ON streams (patient_id, kind, first_position);
        CREATE TABLE patients (
            patient_id    TEXT PRIMARY KEY,
            given_name    TEXT NOT NULL,
            family_name   TEXT NOT NULL,
            date_of_birth TEXT NOT NULL,
            search_text   TEXT NOT NULL,
            sort_key      TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX patients_by_sort_key ON patients (sort_key, patient_id);
        CREATE INDEX patients_by_birth ON patients (date_of_birth);
        CREATE TABLE audit (
            sequence   INTEGER PRIMARY KEY,
            at         INTEGER NOT NULL,
            actor_id   TEXT    NOT NULL,
            action     TEXT    NOT NULL,
            outcome    INTEGER NOT NULL,
            patient_id TEXT,
            stream_id  TEXT,
            detail     TEXT
        ) STRICT;
        CREATE INDEX audit_by_patient ON audit (patient_id, sequence);
        CREATE INDEX audit_by_actor ON audit (actor_id, sequence);
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
            BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        """;

    /// <summary>Every migration in order; index + 1 is the schema version it produces.</summary>
    public static IReadOnlyList<string> Migrations { get; } = [V1, V2];

    /// <summary>The schema version this code writes.</summary>
    public static int Latest => Migrations.Count;

    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Applies the migrations after the database's version up to <paramref name="target"/> in one transaction.</summary>
    /// <returns>The version before.</returns>
    /// <exception cref="SqliteSchemaException">The database was written by a newer version of the store.</exception>
    public static int MigrateTo(SqliteConnection connection, int target)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = ReadVersion(connection, transaction);
        if (current > Latest)
        {
            throw new SqliteSchemaException(current, Latest);
        }

        for (var version = current + 1; version <= target; version++)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[version - 1] + string.Create(CultureInfo.InvariantCulture, $"\nPRAGMA user_version = {version};");
            command.ExecuteNonQuery();
        }

        transaction.Commit();
        return current;
    }
}

/// <summary>The database file was written by a newer version of the store than this one; it is left unchanged.</summary>
public sealed class SqliteSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SqliteSchemaException(int databaseVersion, int supportedVersion)
        : base(string.Create(CultureInfo.InvariantCulture, $"The record database has schema version {databaseVersion}; this version of the store supports up to {supportedVersion}. Update the application; the database was not changed."))
    {
        DatabaseVersion = databaseVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public SqliteSchemaException() : base("The record database has a newer schema than this store supports.") { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public SqliteSchemaException(string message) : base(message) { }

    /// <summary>Creates the exception (prefer the detailed constructor).</summary>
    public SqliteSchemaException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The database's schema version.</summary>
    public int DatabaseVersion { get; }

    /// <summary>The newest schema version this store knows.</summary>
    public int SupportedVersion { get; }
}
