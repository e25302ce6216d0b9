using System.Globalization;
using System.Text;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;
using Sot.Workbench.Storage.PostgreSql;

// Appends to a few streams until killed. After each committed append it writes one line to stdout:
// "<stream> <version> <position> <hash>", so the test knows exactly what was committed before the kill.
// The connection string comes on standard input (first line), so it never shows in a process list.
// Usage: echo "<connection string>" | KillWriter <clinic> <seed>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: KillWriter <clinic> <seed>  (connection string on standard input)");
    return 2;
}

var connectionString = Console.In.ReadLine();
var seed = int.Parse(args[1], CultureInfo.InvariantCulture);
var random = new Random(seed * 7919 + Environment.ProcessId);
await using var store = new PostgreSqlRecordStore(new PostgreSqlRecordStoreOptions { ConnectionString = connectionString, Clinic = args[0] });
await store.InitializeAsync();
var patient = new PatientId(new Guid(seed, 0, 0, new byte[8]));
var streams = Enumerable.Range(0, 4).Select(i => new StreamId($"visit_{seed:x8}{i:x24}")).ToArray();
var versions = new long[streams.Length];
for (var i = 0; i < streams.Length; i++)
{
    versions[i] = (await store.GetStreamAsync(streams[i]))?.Version ?? 0;
}

var stdout = Console.Out;
var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
for (var n = 0; ; n++)
{
    var s = random.Next(streams.Length);
    var count = random.Next(1, 6);
    var events = Enumerable.Range(0, count)
        .Select(i => new NewEvent("test.crash-write", 1, Encoding.UTF8.GetBytes($$"""{"n":{{n}},"i":{{i}},"pad":"{{new string('x', random.Next(0, 400))}}"}"""), at.AddSeconds(n), "prac_writer"))
        .ToArray();
    var stored = await store.AppendAsync(new AppendRequest(streams[s], StreamKind.Visit, patient, versions[s], events));
    versions[s] = stored[^1].Version;
    foreach (var e in stored)
    {
        stdout.WriteLine($"{e.Stream} {e.Version} {e.Position} {e.Hash}");
    }

    stdout.Flush();
}
