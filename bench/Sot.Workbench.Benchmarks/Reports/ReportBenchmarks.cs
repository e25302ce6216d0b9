using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Hosting;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Reports;
using Sot.Workbench.Questionnaires;
using Sot.Workbench.Safety;
using Sot.Workbench.Testing;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Benchmarks.Reports;

/// <summary>
/// One signed visit (a seeded Bogus Category II visit: 22 findings, blocking, two questionnaires, one addendum)
/// rendered through <see cref="IClinicalDocuments"/> of the reports plugin, loaded from its build output by the
/// real host. Each export includes the audit entry (SHA-256 of the bytes; the audit sink itself does nothing).
/// The FHIR baselines serialise the same Bundle (parsed back from the plugin's export) with Firely's serialisers alone:
/// <c>BaseFhirJsonSerializer.SerializeToString</c> (the baseline) and Firely's System.Text.Json converters straight to
/// UTF-8, which the export itself uses.
/// </summary>
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private static readonly Actor Clerk = new(PractitionerId.New(), ActorRole.FrontDesk);
    private readonly BaseFhirJsonSerializer _serializer = new(ModelInfo.ModelInspector);
    private readonly JsonSerializerOptions _jsonOptions = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private Utf8JsonWriter _writer = null!;
    private IHost? _host;
    private IClinicalDocuments _documents = null!;
    private VisitRecord _visit = null!;
    private Bundle _bundle = null!;
    private string _root = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var built = typeof(ReportBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ReportsPluginDir").Value!;
        _root = Path.Combine(Path.GetTempPath(), "sot-bench-reports-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(built, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_root, "sot.reports", Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workbench:PluginDirectories:0"] = _root,
            ["Workbench:Plugins:sot.reports:Enabled"] = "true",
        });
        builder.Services.AddSingleton<IClinicalDocumentAudit, NullAudit>();
        builder.AddSotWorkbench();
        _host = builder.Build();
        _host.Start();
        var status = _host.Services.GetRequiredService<IPluginCatalog>().Plugins.Single(p => p.Id == "sot.reports");
        if (status.Status != PluginStatus.Active)
        {
            throw new InvalidOperationException("The reports plugin is " + status.Status + ": " + status.Reason);
        }

        _documents = _host.Services.GetRequiredService<IClinicalDocuments>();
        _visit = SignedVisit(_host.Services);
        var exported = _documents.FhirVisitDocumentAsync(_visit, Clerk).GetAwaiter().GetResult();
        _bundle = new FhirJsonDeserializer().Deserialize<Bundle>(Encoding.UTF8.GetString(exported.Content.Span));
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = _jsonOptions.Encoder, Indented = _jsonOptions.WriteIndented });
        if (!exported.Content.Span.SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(_bundle, _jsonOptions)) || FirelyJsonConvertersReusedBuffer() != exported.Content.Length)
        {
            throw new InvalidOperationException("The serialisers alone do not write the export's bytes for the same Bundle.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host?.StopAsync().GetAwaiter().GetResult();
        _host?.Dispose();
        _writer?.Dispose();
        var root = _root;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // The temp folder is cleaned by the OS.
            }
        };
    }

    /// <summary>The SOAP note as self-contained HTML (composition, rendering with inline SVG, audit entry).</summary>
    [Benchmark]
    public async System.Threading.Tasks.Task<int> HtmlSoapNote() => (await _documents.VisitNoteAsync(_visit, DocumentFormats.Html, Clerk)).Content.Length;

    /// <summary>The SOAP note as Markdown.</summary>
    [Benchmark]
    public async System.Threading.Tasks.Task<int> MarkdownSoapNote() => (await _documents.VisitNoteAsync(_visit, DocumentFormats.Markdown, Clerk)).Content.Length;

    /// <summary>The FHIR document Bundle: built from the record, serialised, hashed and audited.</summary>
    [Benchmark]
    public async System.Threading.Tasks.Task<int> FhirDocumentBundle() => (await _documents.FhirVisitDocumentAsync(_visit, Clerk)).Content.Length;

    /// <summary>Firely's JSON serialiser alone on the same Bundle (already built).</summary>
    [Benchmark(Baseline = true)]
    public int FirelySerialiserOnly() => _serializer.SerializeToString(_bundle).Length;

    /// <summary>Firely's System.Text.Json converters alone on the same Bundle, straight to UTF-8, in a fresh buffer.</summary>
    [Benchmark]
    public int FirelyJsonConvertersOnly() => JsonSerializer.SerializeToUtf8Bytes(_bundle, _jsonOptions).Length;

    /// <summary>
    /// The same converters into a buffer and writer kept between calls, copied out to an array of the exact size: the
    /// way the export serialises, so the closest limit to compare the export with.
    /// </summary>
    [Benchmark]
    public int FirelyJsonConvertersReusedBuffer()
    {
        _writer.Reset(_buffer);
        _buffer.ResetWrittenCount();
        JsonSerializer.Serialize(_writer, _bundle, _jsonOptions);
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray().Length;
    }

    /// <summary>The SOAP note as PDF (SkiaSharp, embedded fonts).</summary>
    [Benchmark]
    public async System.Threading.Tasks.Task<int> PdfSoapNote() => (await _documents.VisitNoteAsync(_visit, DocumentFormats.Pdf, Clerk)).Content.Length;

    private static VisitRecord SignedVisit(IServiceProvider services)
    {
        var catalogue = services.GetRequiredService<IndicatorCatalogue>();
        var procedures = services.GetRequiredService<ProcedureRegistry>();
        var analyzer = services.GetRequiredService<CategoryAnalyzer>();
        var fakers = new SotFakers(2026, catalogue);
        var patient = fakers.Patient();
        var practitioner = fakers.Practitioner();
        var generated = fakers.Visit(SotCategory.II, retest: RetestOutcome.Eased);
        var desk = new Actor(PractitionerId.New(), ActorRole.FrontDesk);
        var doc = new Actor(practitioner.Id, ActorRole.Practitioner);
        var wf = VisitWorkflow.Schedule(generated.Id, new ScheduleVisit(desk, patient.Id), TimeProvider.System, catalogue, procedures);
        wf.Execute(new CheckIn(desk));
        wf.Execute(new RecordConsent(desk, [ConsentScope.General, ConsentScope.Blocking]));
        wf.Execute(new StartVisit(doc));
        wf.Execute(new RecordIntake(doc, "Low back pain", 6) { Questionnaires = [new QuestionnaireScore(OutcomeInstrument.Oswestry, 32m, OswestryDisabilityIndex.BandFor(32m).ToString()), new QuestionnaireScore(OutcomeInstrument.NeckDisabilityIndex, 14m, NeckDisabilityIndex.BandFor(14m).ToString())] });
        wf.Execute(new RecordRedFlagScreen(doc, RedFlagScreen.Clear));
        wf.Execute(new BeginExamination(doc));
        foreach (var finding in generated.Findings.Where(f => f.Phase == FindingPhase.InitialAnalysis))
        {
            wf.Execute(new RecordFinding(doc, finding));
        }

        var analysis = analyzer.Analyze(new AnalysisInput(wf.Visit.Findings));
        wf.Execute(new DetermineCategory(doc, CategoryDetermination.FromSuggestions(analysis)));
        wf.Execute(new BeginTreatment(doc));
        wf.Execute(new RecordProcedure(doc, BlockingRecord.Create(
            [new BlockPlacement(generated.ShortLegSide, BlockAnatomicalSite.GreaterTrochanter, BlockOrientation.Level, null), new BlockPlacement(generated.ShortLegSide.Opposite(), BlockAnatomicalSite.Asis, BlockOrientation.TowardOppositeShoulder, null)],
            BreathPhase.SlowDeep, 3, null, procedures)));
        var retests = generated.Findings.Where(f => f.Phase == FindingPhase.Reassessment).ToList();
        retests.Add(catalogue.CreateFinding(IndicatorCodes.HeelTension, AnalysisPosition.Prone, generated.ShortLegSide, FindingPhase.Reassessment, new GradeValue("grade", Grade.None)));
        wf.Execute(new Reassess(doc, retests));
        wf.Execute(new EndVisit(doc));
        wf.Execute(new SignNote(doc));
        wf.Execute(new AddAddendum(doc, "Patient phoned: soreness settled."));
        return new VisitRecord(wf.Visit, patient, [practitioner]) { Analysis = analysis, HomeCare = "Walk daily.", NextReExam = new DateOnly(2026, 12, 7) };
    }

    private sealed class NullAudit : IClinicalDocumentAudit
    {
        public System.Threading.Tasks.Task RecordAsync(DocumentAuditEntry entry, CancellationToken cancellationToken = default) => System.Threading.Tasks.Task.CompletedTask;
    }
}
