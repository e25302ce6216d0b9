using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace Sot.Workbench.Reports.Tests;

/// <summary>The readable text of a rendered document: Markdown unescaped, HTML without tags, PDF through PdfPig.</summary>
internal static partial class DocumentText
{
    public static string Of(RenderedDocument document) => document.Format switch
    {
        DocumentFormats.Markdown => MarkdownEscape().Replace(Encoding.UTF8.GetString(document.Content.Span), "$1"),
        DocumentFormats.Html => WebUtility.HtmlDecode(Tags().Replace(Encoding.UTF8.GetString(document.Content.Span), " ")),
        DocumentFormats.Pdf => Pdf(document.Content.ToArray()),
        _ => Encoding.UTF8.GetString(document.Content.Span),
    };

    /// <summary>The PDF's text, page by page, with words joined by spaces (PdfPig's word extraction).</summary>
    public static string Pdf(byte[] bytes)
    {
        using var pdf = PdfDocument.Open(bytes);
        var sb = new StringBuilder();
        foreach (var page in pdf.GetPages())
        {
            sb.Append(string.Join(' ', page.GetWords().Select(w => w.Text))).Append('\n');
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"\\([\\*_`#|\[\]<>])")]
    private static partial Regex MarkdownEscape();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
