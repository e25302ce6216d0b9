using Sot.Workbench.Analysis;
using Sot.Workbench.Findings;

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
}

/// <summary>What a report is about: the visit's findings, its recorded procedures and, when one was run, its analysis.</summary>
public sealed class ReportContext
{
    private readonly IReadOnlyList<Sot.Workbench.Procedures.RecordedProcedure> _procedures = [];

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

    /// <summary>The procedures recorded in the visit's treatment step (empty when none were given).</summary>
    public IReadOnlyList<Sot.Workbench.Procedures.RecordedProcedure> Procedures
    {
        get => _procedures;
        init => _procedures = value ?? throw new ArgumentNullException(nameof(value));
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
public sealed record ReportDocument(string Title, IReadOnlyList<ReportSection> Sections);

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
