using Sot.Workbench.Analysis;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;
using Sot.Workbench.Procedures;
using Sot.Workbench.Protocols;
using Sot.Workbench.Workflow;

namespace Sot.Workbench.Plugins;

/// <summary>One labelled row of a report section (e.g. "Category" → "II").</summary>
/// <param name="Label">The row label.</param>
/// <param name="Value">The row value, already formatted for reading.</param>
public sealed record ReportRow(string Label, string Value);

/// <summary>
/// A report section: structured data (a title, label/value rows and paragraphs) that every report format can
/// render. Sections carry no formatting of their own.
/// </summary>
/// <param name="Title">The section title.</param>
public sealed record ReportSection(string Title)
{
    /// <summary>Label/value rows, in order.</summary>
    public IReadOnlyList<ReportRow> Rows { get; init; } = [];

    /// <summary>Free-text paragraphs, in order, after the rows.</summary>
    public IReadOnlyList<string> Paragraphs { get; init; } = [];

    /// <summary>The contributor that produced the section (a plugin id or "Sot.Workbench.Core"); set by the host.</summary>
    public string? Source { get; init; }

    /// <summary>Pictures (charts, block diagrams), in order, after the paragraphs. Every format renders them its own way.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];

    /// <summary>Nested sections (e.g. one per analysis position), rendered after this section's own content.</summary>
    public IReadOnlyList<ReportSection> Subsections { get; init; } = [];
}

/// <summary>
/// A picture in a report, as data: every format draws it its own way (an SVG in HTML, vector drawing in PDF, a
/// table or list in Markdown), so a figure is never only an image.
/// </summary>
/// <param name="Title">The figure's title (also its text alternative).</param>
public abstract record ReportFigure(string Title);

/// <summary>One point of a chart series.</summary>
/// <param name="Label">The x-axis label (e.g. the visit date, "2026-03-02").</param>
/// <param name="Value">The value.</param>
public sealed record ChartPoint(string Label, decimal Value);

/// <summary>One line of a chart.</summary>
/// <param name="Name">The series name (e.g. "ODI %").</param>
/// <param name="Points">The points, in x order.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points)
{
    /// <inheritdoc />
    public bool Equals(ChartSeries? other) => other is not null && Name == other.Name && Points.SequenceEqual(other.Points);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Points.Count);
}

/// <summary>A line chart of scores over time (e.g. questionnaire scores and pain across visits).</summary>
/// <param name="Title">The chart title.</param>
/// <param name="Series">The series; they share the x labels of the first series.</param>
/// <param name="Minimum">The y-axis minimum.</param>
/// <param name="Maximum">The y-axis maximum.</param>
public sealed record LineChartFigure(string Title, IReadOnlyList<ChartSeries> Series, decimal Minimum, decimal Maximum) : ReportFigure(Title);

/// <summary>A pelvis diagram showing where blocks were placed: side, site and orientation (with angle).</summary>
/// <param name="Title">The diagram title.</param>
/// <param name="Placements">The placements drawn.</param>
public sealed record BlockDiagramFigure(string Title, IReadOnlyList<BlockPlacement> Placements) : ReportFigure(Title);

/// <summary>
/// Where the sections of a visit note sit: contributors choose an <see cref="IReportSectionContributor.Order"/>
/// between two of these to place their section (e.g. 250: after the objective findings, before the assessment).
/// </summary>
public static class ReportSectionOrder
{
    /// <summary>S: subjective (complaint, pain, questionnaires).</summary>
    public const int Subjective = 100;

    /// <summary>O: objective (findings per analysis position).</summary>
    public const int Objective = 200;

    /// <summary>A: assessment (category, protocol suggestions, safety).</summary>
    public const int Assessment = 300;

    /// <summary>P: plan (procedures, home care, next re-exam).</summary>
    public const int Plan = 400;

    /// <summary>Addenda, after the original note.</summary>
    public const int Addenda = 900;
}

/// <summary>What a report is about: the visit's findings, its recorded procedures and, when one was run, its analysis.</summary>
public sealed class ReportContext
{
    private readonly IReadOnlyList<Sot.Workbench.Procedures.RecordedProcedure>? _procedures;

    /// <summary>Creates a context.</summary>
    public ReportContext(IReadOnlyList<Finding> findings, AnalysisResult? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(findings);
        Findings = findings;
        Analysis = analysis;
    }

    /// <summary>The visit's findings.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The visit's analysis, if any.</summary>
    public AnalysisResult? Analysis { get; }

    /// <summary>The visit the report is about (rebuilt from its events), when the report is a visit note.</summary>
    public Visit? Visit { get; init; }

    /// <summary>The patient, when known. Patient data: never log it.</summary>
    public Patient? Patient { get; init; }

    /// <summary>
    /// The procedures recorded in the visit's treatment step (empty when none were given), so plugin sections can
    /// render their own kinds. Defaults to the <see cref="Visit"/>'s procedures.
    /// </summary>
    public IReadOnlyList<Sot.Workbench.Procedures.RecordedProcedure> Procedures
    {
        get => _procedures ?? Visit?.Procedures ?? [];
        init => _procedures = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>A context for a whole visit: its findings, procedures and record, with its analysis if one was run.</summary>
    public static ReportContext ForVisit(Visit visit, Patient? patient = null, AnalysisResult? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(visit);
        return new ReportContext(visit.Findings, analysis) { Visit = visit, Patient = patient };
    }
}

/// <summary>
/// A contribution of one report section. Register it into DI as <see cref="IReportSectionContributor"/>; the
/// host isolates a contributor that throws (the section is replaced by a notice naming the plugin).
/// </summary>
public interface IReportSectionContributor
{
    /// <summary>A unique id for the section (e.g. "sot.cmrt.levels").</summary>
    string SectionId { get; }

    /// <summary>Orders sections within a report: lower first; ties keep registration order.</summary>
    int Order { get; }

    /// <summary>Builds the section for <paramref name="context"/>, or returns null when it has nothing to say.</summary>
    ReportSection? Build(ReportContext context);
}

/// <summary>A whole report: a title and its sections, ready to be rendered by an <see cref="IReportFormat"/>.</summary>
/// <param name="Title">The report title.</param>
/// <param name="Sections">The sections, in order.</param>
public sealed record ReportDocument(string Title, IReadOnlyList<ReportSection> Sections)
{
    /// <summary>Header rows shown under the title (patient, visit date, practitioner…).</summary>
    public IReadOnlyList<ReportRow> Header { get; init; } = [];

    /// <summary>
    /// A marking every page and format shows prominently (e.g. "DRAFT — not signed"), or null for none.
    /// </summary>
    public string? Marking { get; init; }

    /// <summary>Lines closing the document (signature, notices), in order.</summary>
    public IReadOnlyList<string> Footer { get; init; } = [];
}

/// <summary>A contribution of one report format (e.g. plain text, PDF, FHIR). Register it into DI as <see cref="IReportFormat"/>.</summary>
public interface IReportFormat
{
    /// <summary>A unique format id (e.g. "text", "pdf").</summary>
    string FormatId { get; }

    /// <summary>The media type written (e.g. "text/plain").</summary>
    string MediaType { get; }

    /// <summary>The file extension, with the dot (e.g. ".txt").</summary>
    string FileExtension { get; }

    /// <summary>Writes <paramref name="document"/> to <paramref name="output"/>.</summary>
    void Write(ReportDocument document, Stream output);
}
