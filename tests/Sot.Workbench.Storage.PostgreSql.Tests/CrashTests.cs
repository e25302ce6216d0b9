using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.PostgreSql.Testing;

namespace Sot.Workbench.Storage.PostgreSql.Tests;

[RequiresPostgreSql]
[Collection(PostgreSqlServerGroup.Name)]
public sealed class CrashTests(PostgreSqlServerFixture server)
{
    [Fact]
    public async Task A_writer_process_killed_mid_append_twenty_times_loses_nothing_it_committed_and_the_chains_verify()
    {
        var writer = typeof(CrashTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "KillWriter").Value!;
        Assert.True(File.Exists(writer), "The writer process is built before the tests.");
        var clinic = "crash" + Guid.NewGuid().ToString("N")[..12];
        var committed = new Dictionary<(string Stream, long Version), (long Position, string Hash)>();
        var random = new Random(20260302);

        for (var run = 0; run < 20; run++)
        {
            var target = random.Next(3, 80);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { writer, clinic, (run % 3).ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            await process.StandardInput.WriteLineAsync(server.SharedDatabase);
            await process.StandardInput.FlushAsync();
            var lines = 0;
            while (lines < target && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var parts = line.Split(' ');
                committed[(parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture))] = (long.Parse(parts[2], CultureInfo.InvariantCulture), parts[3]);
                lines++;
            }

            process.Kill(); // SIGKILL: no cleanup, possibly in the middle of a transaction
            await process.WaitForExitAsync();
            Assert.True(lines == target, $"run {run}: the writer stopped early: {await process.StandardError.ReadToEndAsync()}");
        }

        await using var store = new PostgreSqlRecordStore(new PostgreSqlRecordStoreOptions { ConnectionString = server.SharedDatabase, Clinic = clinic });
        var report = await store.VerifyAsync();
        Assert.True(report.IsIntact, report.FirstFailure?.ToString());
        foreach (var ((stream, version), (position, hash)) in committed)
        {
            var read = await store.ReadStreamAsync(new StreamId(stream), version);
            Assert.NotEmpty(read);
            var stored = read[0];
            Assert.Equal(version, stored.Version);
            Assert.Equal(position, stored.Position);
            Assert.Equal(hash, stored.Hash.ToString());
        }

        Assert.True(report.EventsChecked >= committed.Count);

        // The global sequence has no holes: a killed append's reserved positions were rolled back with it.
        var all = await store.ReadAllAsync(0, 100_000);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(p => (long)p), all.Select(e => e.Position));
    }
}
