using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Sot.Workbench.Workflow;
using PractitionerId = Sot.Workbench.Domain.PractitionerId;

#nullable disable warnings

namespace Sot.Workbench.Reports.Tests;

/// <summary>FHIR R4 exports read back with the Firely parser (strict).</summary>
public sealed class FhirExportTests
{
    private static readonly Actor Clerk = new(new PractitionerId(Guid.Parse("00000000-0000-0000-0000-00000000c1e4")), ActorRole.FrontDesk);

    [Fact]
    public async System.Threading.Tasks.Task Document_bundle_of_a_signed_visit_parses_back_with_composition_first_and_every_part()
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(303, VisitShape.Amended);

        var exported = await host.Documents.FhirVisitDocumentAsync(record, Clerk);
        var bundle = Parse(exported);

        Assert.Equal("application/fhir+json", exported.MediaType);
        Assert.Equal($"fhir-document_{record.Visit.Id}.json", exported.FileName);
        Assert.Equal(Bundle.BundleType.Document, bundle.Type);
        Assert.NotNull(bundle.Identifier?.Value);
        Assert.NotNull(bundle.Timestamp);
        var composition = Assert.IsType<Composition>(bundle.Entry[0].Resource);
        Assert.Equal("28580-9", composition.Type.Coding.Single().Code);
        Assert.Equal("http://loinc.org", composition.Type.Coding.Single().System);
        Assert.Equal(CompositionStatus.Amended, composition.Status);
        Assert.Equal(["S — Subjective", "O — Objective", "A — Assessment", "P — Plan", "Addenda"], composition.Section.Select(s => s.Title));
        var attester = Assert.Single(composition.Attester);
        Assert.Equal(Composition.CompositionAttestationMode.Legal, attester.Mode);

        var patient = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Patient>());
        Assert.Equal(record.Patient.FamilyName, patient.Name.Single().Family);
        Assert.Equal(record.Patient.DateOfBirth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), patient.BirthDate);
        Assert.Equal(2, bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().Count());
        var encounter = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Encounter>());
        Assert.Equal(Encounter.EncounterStatus.Finished, encounter.Status);

        var observations = bundle.Entry.Select(e => e.Resource).OfType<Observation>().ToArray();
        var findings = observations.Where(o => o.Code.Coding[0].System == "https://sot-workbench.org/fhir/CodeSystem/sot-indicator").ToArray();
        Assert.Equal(record.Visit.Findings.Count + record.Visit.Retests.Count, findings.Length);
        Assert.Equal(record.Visit.Findings.Select(f => f.Code), findings.Take(record.Visit.Findings.Count).Select(o => o.Code.Coding[0].Code));
        var category = Assert.Single(observations, o => o.Code.Coding[0].Code == "SOT-CATEGORY");
        Assert.Equal(record.Visit.Category!.Primary.ToString(), ((CodeableConcept)category.Value).Coding[0].Code);
        Assert.Equal(record.Visit.Findings.Count, category.DerivedFrom.Count);

        var procedure = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Procedure>());
        Assert.Equal("BLOCKING", procedure.Code.Coding[0].Code);
        Assert.Equal(EventStatus.Completed, procedure.Status);
        Assert.NotEmpty(procedure.UsedCode);

        var responses = bundle.Entry.Select(e => e.Resource).OfType<QuestionnaireResponse>().ToArray();
        Assert.Equal(["ODI", "NDI"], responses.Select(r => r.Questionnaire.Split('/')[^1]));
        var scores = observations.Where(o => o.DerivedFrom.Count == 1 && o.Code.Coding[0].System == "https://sot-workbench.org/fhir/CodeSystem/outcome-score").ToArray();
        Assert.Equal(record.Visit.Questionnaires.Select(q => q.Score), scores.Select(s => ((Quantity)s.Value).Value!.Value));

        var provenance = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Provenance>());
        Assert.Equal("urn:uuid:" + composition.Id, provenance.Target.Single().Reference);
        Assert.Equal(record.Visit.SignedAt, provenance.Recorded);
        Assert.Single(provenance.Signature);
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_reference_resolves_inside_the_bundle_and_every_full_url_is_a_valid_uuid()
    {
        await using var host = await ReportsHost.StartAsync();
        var visits = new ClinicVisits(host);
        var patient = new Sot.Workbench.Testing.SotFakers(9).Patient();
        var record = new PatientRecord(patient,
        [
            visits.Build(101, VisitShape.Signed, patient: patient),
            visits.Build(202, VisitShape.Amended, patient: patient, start: ClinicVisits.FirstDay.AddDays(7)),
            visits.Build(404, VisitShape.Draft, patient: patient, start: ClinicVisits.FirstDay.AddDays(14)),
        ]);

        foreach (var bundle in (Bundle[])[Parse(await host.Documents.FhirVisitDocumentAsync(record.Visits[0], Clerk)), Parse(await host.Documents.FhirPatientRecordAsync(record, Clerk))])
        {
            var fullUrls = bundle.Entry.Select(e => e.FullUrl).ToArray();
            Assert.Equal(fullUrls.Length, fullUrls.Distinct().Count());
            foreach (var entry in bundle.Entry)
            {
                Assert.StartsWith("urn:uuid:", entry.FullUrl);
                Assert.True(Guid.TryParse(entry.FullUrl["urn:uuid:".Length..], out _), entry.FullUrl);
                Assert.Equal("urn:uuid:" + entry.Resource.Id, entry.FullUrl);
            }

            var references = bundle.Entry.SelectMany(e => Walk(e.Resource)).OfType<ResourceReference>().ToArray();
            Assert.NotEmpty(references);
            foreach (var reference in references)
            {
                Assert.Contains(reference.Reference, fullUrls);
            }
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Collection_bundle_holds_the_whole_record_and_round_trips_unchanged()
    {
        await using var host = await ReportsHost.StartAsync();
        var visits = new ClinicVisits(host);
        var patient = new Sot.Workbench.Testing.SotFakers(9).Patient();
        var record = new PatientRecord(patient,
        [
            visits.Build(202, VisitShape.Amended, patient: patient, start: ClinicVisits.FirstDay.AddDays(7)),
            visits.Build(101, VisitShape.Signed, patient: patient),
            visits.Build(404, VisitShape.Draft, patient: patient, start: ClinicVisits.FirstDay.AddDays(14)),
        ]);

        var exported = await host.Documents.FhirPatientRecordAsync(record, Clerk);
        var bundle = Parse(exported);

        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<Patient>());
        Assert.Equal(3, bundle.Entry.Select(e => e.Resource).OfType<Encounter>().Count());
        Assert.Equal(2, bundle.Entry.Select(e => e.Resource).OfType<Composition>().Count());
        Assert.Equal([Encounter.EncounterStatus.Finished, Encounter.EncounterStatus.Finished, Encounter.EncounterStatus.Finished],
            bundle.Entry.Select(e => e.Resource).OfType<Encounter>().Select(e => e.Status!.Value));
        var again = new BaseFhirJsonSerializer(ModelInfo.ModelInspector).SerializeToString(bundle);
        Assert.Equal(Encoding.UTF8.GetString(exported.Content.Span), again);
        Assert.True(bundle.IsExactly(new FhirJsonDeserializer().Deserialize<Bundle>(again)));
        Assert.Equal(exported.Content.ToArray(), (await host.Documents.FhirPatientRecordAsync(record, Clerk)).Content.ToArray());
    }

    [Theory]
    [InlineData(101, "Signed")]
    [InlineData(303, "Amended")]
    public async System.Threading.Tasks.Task Document_bundle_of_a_seeded_visit_matches_its_golden_file(int seed, string shape)
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(seed, Enum.Parse<VisitShape>(shape));

        var exported = await host.Documents.FhirVisitDocumentAsync(record, Clerk);

        Golden.Check($"visit-{seed}.fhir.json", exported.Content);
    }

    [Fact]
    public async System.Threading.Tasks.Task Exports_of_different_visits_on_many_threads_at_once_each_write_their_own_bytes()
    {
        await using var host = await ReportsHost.StartAsync();
        var visits = new ClinicVisits(host);
        VisitRecord[] records = [visits.Build(101, VisitShape.Signed), visits.Build(303, VisitShape.Amended)];
        var expected = new byte[records.Length][];
        for (var i = 0; i < records.Length; i++)
        {
            expected[i] = (await host.Documents.FhirVisitDocumentAsync(records[i], Clerk)).Content.ToArray();
        }

        var exports = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 64).Select(n => System.Threading.Tasks.Task.Run(async () =>
            (Index: n % records.Length, Bytes: (await host.Documents.FhirVisitDocumentAsync(records[n % records.Length], Clerk)).Content.ToArray()))));

        Assert.NotEqual(expected[0], expected[1]);
        Assert.All(exports, export => Assert.Equal(expected[export.Index], export.Bytes));
    }

    [Fact]
    public async System.Threading.Tasks.Task Collection_bundle_of_a_seeded_record_matches_its_golden_file()
    {
        await using var host = await ReportsHost.StartAsync();
        var visits = new ClinicVisits(host);
        var patient = new Sot.Workbench.Testing.SotFakers(9).Patient();
        var record = new PatientRecord(patient,
        [
            visits.Build(202, VisitShape.Amended, patient: patient, start: ClinicVisits.FirstDay.AddDays(7)),
            visits.Build(101, VisitShape.Signed, patient: patient),
            visits.Build(404, VisitShape.Draft, patient: patient, start: ClinicVisits.FirstDay.AddDays(14)),
        ]);

        var exported = await host.Documents.FhirPatientRecordAsync(record, Clerk);

        Golden.Check("record-9.fhir.json", exported.Content);
    }

    [Fact]
    public async System.Threading.Tasks.Task Document_bundle_of_an_unsigned_visit_is_refused_and_not_audited()
    {
        await using var host = await ReportsHost.StartAsync();
        var record = new ClinicVisits(host).Build(404, VisitShape.Draft);

        var ex = await Assert.ThrowsAsync<DocumentNotAvailableException>(() => host.Documents.FhirVisitDocumentAsync(record, Clerk));

        Assert.Equal($"FhirVisitDocument for visit {record.Visit.Id} is not available: a FHIR document needs a signed note; this visit is not signed.", ex.Message);
        Assert.Empty(host.Audit!.Entries);
    }

    private static IEnumerable<Base> Walk(Base node)
    {
        yield return node;
        foreach (var element in node.EnumerateElements())
        {
            var children = element.Value switch
            {
                Base single => [single],
                IEnumerable<Base> many => many,
                _ => [],
            };
            foreach (var child in children)
            {
                foreach (var descendant in Walk(child))
                {
                    yield return descendant;
                }
            }
        }
    }

    private static Bundle Parse(RenderedDocument document) => new FhirJsonDeserializer().Deserialize<Bundle>(Encoding.UTF8.GetString(document.Content.Span));
}
