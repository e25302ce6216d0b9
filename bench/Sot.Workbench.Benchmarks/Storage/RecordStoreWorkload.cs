using System.Text;
using Sot.Workbench.Domain;
using Sot.Workbench.Records;

namespace Sot.Workbench.Benchmarks.Storage;

/// <summary>
/// The record-store workload shared by the store benchmarks: visits of 30 events (a patient stream registered
/// first), with JSON payloads of the size a visit's events have (≈ 150–400 bytes).
/// </summary>
internal static class RecordStoreWorkload
{
    public const int EventsPerVisit = 30;
    public const int VisitsPerHistory = 50;
    public const int AppendedEvents = 100_000;

    private static readonly string[] Types =
    [
        "visit.scheduled", "visit.checked-in", "visit.consent-recorded", "visit.started", "visit.intake-recorded",
        "visit.red-flag-screen-recorded", "visit.examination-begun", "visit.finding-recorded", "visit.category-determined",
        "visit.treatment-begun", "visit.procedure-recorded", "visit.reassessed", "visit.ended", "visit.note-signed",
    ];

    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>One visit's events (deterministic for a given visit number).</summary>
    public static NewEvent[] Visit(int visitNumber)
    {
        var events = new NewEvent[EventsPerVisit];
        var random = new Random(visitNumber);
        for (var i = 0; i < events.Length; i++)
        {
            var type = Types[i % Types.Length];
            var payload = new StringBuilder(400);
            payload.Append("{\"visit\":").Append(visitNumber).Append(",\"step\":").Append(i)
                .Append(",\"indicator\":\"SOT-").Append(random.Next(100, 999)).Append("\",\"side\":\"").Append(random.Next(2) == 0 ? "left" : "right")
                .Append("\",\"grade\":").Append(random.Next(0, 4)).Append(",\"note\":\"").Append('x', random.Next(80, 300)).Append("\"}");
            events[i] = new NewEvent(type, 1, Encoding.UTF8.GetBytes(payload.ToString()), Start.AddMinutes(visitNumber * 60 + i), "prac_0f3b2a9c4d5e6f708192a3b4c5d6e7f8");
        }

        return events;
    }

    /// <summary>The appends of the append benchmark: 100,000 events in appends of one visit each (30 events; the last visit has 10), ten visits per patient.</summary>
    public static List<AppendRequest> Appends()
    {
        var requests = new List<AppendRequest>();
        for (var visit = 0; visit * EventsPerVisit < AppendedEvents; visit++)
        {
            var events = Visit(visit);
            var left = AppendedEvents - visit * EventsPerVisit;
            var patient = new PatientId(new Guid(visit / 10 + 1, 0, 0, new byte[8]));
            requests.Add(new AppendRequest(StreamId.For(new VisitId(new Guid(visit + 1, 1, 0, new byte[8]))), StreamKind.Visit, patient, 0, left < events.Length ? events[..left] : events));
        }

        return requests;
    }
}
