using Npgsql;
using Sot.Workbench.Records;

namespace Sot.Workbench.Storage.PostgreSql;

/// <summary>
/// The store's tables, one schema per clinic, and the forward migrations that build them. A migration runs at
/// store start in its own transaction under an advisory lock on the clinic's schema, so several processes starting
/// at once apply it exactly once; a schema newer than this code is refused.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>The schema version this code writes and reads.</summary>
    public static int CurrentVersion => Migrations.Count;

    /// <summary>A forward migration: SQL, then optionally code over the rows, then more SQL (<c>{s}</c> is the quoted schema name).</summary>
    internal sealed record Migration(string Sql, Func<NpgsqlConnection, NpgsqlTransaction, string, CancellationToken, Task>? Code = null, string? SqlAfter = null);

    /// <summary>Forward migrations, in order; migration <c>n</c> (1-based) moves the schema from version n-1 to n.</summary>
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        // 1: events, stream heads and statuses, the patient index, the audit trail and the counters (global append
        // position, audit sequence). Events and audit entries refuse UPDATE, DELETE and TRUNCATE.
        new("""
        CREATE TABLE {s}.events (
            position       bigint  NOT NULL PRIMARY KEY CHECK (position > 0),
            stream         text    NOT NULL,
            kind           text    NOT NULL,
            patient        text    NOT NULL,
            version        bigint  NOT NULL CHECK (version > 0),
            type           text    NOT NULL,
            schema_version bigint  NOT NULL,
            payload        bytea   NOT NULL,
            recorded_at    bigint  NOT NULL,
            actor_id       text    NOT NULL,
            previous_hash  bytea   NOT NULL,
            hash           bytea   NOT NULL,
            CONSTRAINT events_stream_version UNIQUE (stream, version)
        );
        CREATE INDEX events_patient_position ON {s}.events (patient, position);
        CREATE TABLE {s}.streams (
            stream         text    NOT NULL PRIMARY KEY,
            kind           text    NOT NULL,
            patient        text    NOT NULL,
            version        bigint  NOT NULL,
            hash           bytea   NOT NULL,
            first_position bigint  NOT NULL,
            last_position  bigint  NOT NULL,
            created_at     bigint  NOT NULL,
            updated_at     bigint  NOT NULL,
            status         text    NULL
        );
        CREATE INDEX streams_patient_kind ON {s}.streams (patient, kind, first_position);
        CREATE INDEX streams_kind_first_position ON {s}.streams (kind, first_position);
        CREATE TABLE {s}.patients (
            patient        text    NOT NULL PRIMARY KEY,
            given_name     text    NOT NULL,
            family_name    text    NOT NULL,
            date_of_birth  date    NOT NULL,
            search_text    text    NOT NULL
        );
        CREATE INDEX patients_order ON {s}.patients (family_name COLLATE "C", given_name COLLATE "C", patient COLLATE "C");
        CREATE INDEX patients_date_of_birth ON {s}.patients (date_of_birth);
        CREATE TABLE {s}.audit (
            sequence       bigint  NOT NULL PRIMARY KEY CHECK (sequence > 0),
            at             bigint  NOT NULL,
            actor_id       text    NOT NULL,
            action         text    NOT NULL,
            outcome        int     NOT NULL,
            patient        text    NULL,
            stream         text    NULL,
            detail         text    NULL
        );
        CREATE INDEX audit_patient ON {s}.audit (patient, sequence) WHERE patient IS NOT NULL;
        CREATE INDEX audit_actor ON {s}.audit (actor_id, sequence);
        CREATE TABLE {s}.counters (
            name           text    NOT NULL PRIMARY KEY,
            value          bigint  NOT NULL
        );
        INSERT INTO {s}.counters (name, value) VALUES ('position', 0), ('audit', 0);
        CREATE FUNCTION {s}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the clinical record is append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'SW001';
        END $$;
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON {s}.events FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change();
        CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON {s}.events FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change();
        CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {s}.audit FOR EACH ROW EXECUTE FUNCTION {s}.refuse_change();
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {s}.audit FOR EACH STATEMENT EXECUTE FUNCTION {s}.refuse_change();
        """),

        // 2: patients are listed by a normalised sort key (family name, then given name, accents and case folded:
        // the same order as the SQLite store); the key is computed in code for the patients already indexed.
        new(
            """
            ALTER TABLE {s}.patients ADD COLUMN sort_key text COLLATE "C";
            DROP INDEX {s}.patients_order;
            """,
            FillSortKeysAsync,
            """
            ALTER TABLE {s}.patients ALTER COLUMN sort_key SET NOT NULL;
            CREATE INDEX patients_order ON {s}.patients (sort_key, patient COLLATE "C");
            """),

        // 3: the check that lets an append travel in one batch. The store seals the rows against the position and
        // stream head it expects; this takes the position counter's row lock (held to commit, so positions follow
        // commit order), moves the counter and refuses with SW002 — rolling back the whole batch — unless the
        // counter and the stream head (absent, or kind, patient, version and hash) are exactly as expected. Each
        // statement of a volatile function reads the latest committed rows, so the head is read after the lock.
        new("""
        CREATE FUNCTION {s}.check_append(p_count bigint, p_last_position bigint, p_stream text, p_kind text, p_patient text, p_version bigint, p_hash bytea)
        RETURNS void LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            v_last bigint;
            v_head record;
        BEGIN
            UPDATE {s}.counters SET value = value + p_count WHERE name = 'position' RETURNING value INTO v_last;
            IF v_last IS DISTINCT FROM p_last_position THEN
                RAISE EXCEPTION 'the append position moved' USING ERRCODE = 'SW002';
            END IF;
            SELECT kind, patient, version, hash INTO v_head FROM {s}.streams WHERE stream = p_stream;
            IF NOT FOUND THEN
                IF p_version <> 0 THEN
                    RAISE EXCEPTION 'the stream head moved' USING ERRCODE = 'SW002';
                END IF;
            ELSIF v_head.kind <> p_kind OR v_head.patient <> p_patient OR v_head.version <> p_version OR v_head.hash <> p_hash THEN
                RAISE EXCEPTION 'the stream head moved' USING ERRCODE = 'SW002';
            END IF;
        END $$;
        """),
    ];

    private static async Task FillSortKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string quoted, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var keys = new List<string>();
        await using (var read = new NpgsqlCommand($"SELECT patient, given_name, family_name FROM {quoted}.patients", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
                keys.Add(PatientIndexEntry.SortKeyOf(reader.GetString(1), reader.GetString(2)));
            }
        }

        await using var update = new NpgsqlCommand(
            $"UPDATE {quoted}.patients AS p SET sort_key = k.sort_key FROM unnest($1::text[], $2::text[]) AS k(patient, sort_key) WHERE p.patient = k.patient",
            connection, transaction);
        update.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. ids] });
        update.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. keys] });
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the clinic's schema if needed and applies every pending migration.</summary>
    /// <returns>The schema version before migrating (0 for a new clinic).</returns>
    /// <exception cref="PostgreSqlSchemaVersionException">The stored schema is newer than this code.</exception>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, string schema, int targetVersion, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "sot-workbench/" + schema });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand(
            $"CREATE SCHEMA IF NOT EXISTS {quoted}; CREATE TABLE IF NOT EXISTS {quoted}.schema_migrations (version int NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        int before;
        await using (var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {quoted}.schema_migrations", connection, transaction))
        {
            before = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (before > Migrations.Count)
        {
            throw new PostgreSqlSchemaVersionException(
                $"The clinic schema '{schema}' is at version {before}, newer than this store's version {Migrations.Count}: update the application.");
        }

        for (var version = before + 1; version <= Math.Min(targetVersion, Migrations.Count); version++)
        {
            var migration = Migrations[version - 1];
            await using (var command = new NpgsqlCommand(migration.Sql.Replace("{s}", quoted, StringComparison.Ordinal), connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            if (migration.Code is { } code)
            {
                await code(connection, transaction, quoted, cancellationToken).ConfigureAwait(false);
            }

            var after = (migration.SqlAfter ?? string.Empty) + $"\nINSERT INTO {quoted}.schema_migrations (version) VALUES ({version})";
            await using (var command = new NpgsqlCommand(after.Replace("{s}", quoted, StringComparison.Ordinal), connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return before;
    }

    /// <summary>A schema name quoted as an identifier (names are validated to <c>[a-z0-9_]</c> before they get here).</summary>
    public static string Quote(string schema) => "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
