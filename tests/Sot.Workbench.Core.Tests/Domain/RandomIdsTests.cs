using Sot.Workbench.CarePlans;
using Sot.Workbench.Domain;

namespace Sot.Workbench.Core.Tests.Domain;

public class RandomIdsTests
{
    [Fact]
    public void New_ids_are_version_4_with_the_rfc_variant()
    {
        for (var i = 0; i < 100; i++)
        {
            var id = RandomIds.NewGuid();
            Assert.Equal(4, id.Version);
            Assert.Equal(0b10, id.Variant >> 2);

            // The same as the text form says: xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx.
            var text = id.ToString("D");
            Assert.Equal('4', text[14]);
            Assert.Contains(text[19], "89ab");
        }
    }

    [Fact]
    public void Ids_drawn_on_many_threads_are_all_distinct()
    {
        const int Threads = 8;
        const int PerThread = 20_000;
        var ids = new Guid[Threads][];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var mine = new Guid[PerThread];
            for (var i = 0; i < PerThread; i++)
            {
                mine[i] = RandomIds.NewGuid();
            }

            ids[t] = mine;
        });

        var all = ids.SelectMany(x => x).ToList();
        Assert.Equal(Threads * PerThread, all.Distinct().Count());
        Assert.DoesNotContain(Guid.Empty, all);
    }

    [Fact]
    public void Consecutive_ids_across_a_refill_share_no_bytes_pattern()
    {
        // Ids 16 apart come from different refills; ids next to each other from the same one. Neither may repeat
        // any 16-byte value, and no id may be all of one byte (a buffer that was cleared and not refilled).
        var ids = Enumerable.Range(0, 64).Select(_ => RandomIds.NewGuid()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id.ToByteArray().Distinct().Count() > 4, "an id with almost no distinct bytes"));
    }

    [Fact]
    public void Record_ids_use_the_random_source()
    {
        Assert.Equal(4, PatientId.New().Value.Version);
        Assert.Equal(4, PractitionerId.New().Value.Version);
        Assert.Equal(4, VisitId.New().Value.Version);
        Assert.Equal(4, CarePlanId.New().Value.Version);
        Assert.NotEqual(VisitId.New(), VisitId.New());
    }
}
