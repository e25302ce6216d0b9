using System.Text;
using System.Text.Json;

namespace Sot.Workbench.Hosting.Tests;

/// <summary>
/// The manifest is read with Utf8JsonReader in one pass; these pin that it accepts, rejects and positions errors
/// exactly as a JsonDocument would.
/// </summary>
public sealed class PluginManifestTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sot-manifest-" + Guid.NewGuid().ToString("N"));

    public PluginManifestTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Comments_a_byte_order_mark_escapes_and_unknown_properties_are_accepted()
    {
        var json = "\uFEFF// vendor build 42\n{ \"id\": \"acme.posture\", /* display */ \"name\": \"Acme \\u00e9 posture\",\n"
            + "  \"extra\": { \"nested\": [1, 2, { \"id\": \"ignored\" }], \"n\": -1.5e3 }, \"version\": \"1.2.0\", \"apiVersion\": \"1.0\",\n"
            + "  \"entryAssembly\": \"Acme.Posture.dll\", \"dependencies\": [ { \"id\": \"sot.reports\", \"version\": \"1.0\", \"note\": null } ] }\n// end\n";

        var manifest = Read(json, out var error);

        Assert.Null(error);
        Assert.NotNull(manifest);
        Assert.Equal("acme.posture", manifest.Id);
        Assert.Equal("Acme \u00e9 posture", manifest.Name);
        Assert.Equal(new Version(1, 2, 0), manifest.Version);
        Assert.Equal(new Version(1, 0), manifest.ApiVersion);
        Assert.Equal("Acme.Posture.dll", manifest.EntryAssembly);
        var dependency = Assert.Single(manifest.Dependencies);
        Assert.Equal("sot.reports", dependency.Id);
        Assert.Equal(new Version(1, 0), dependency.MinimumVersion);
    }

    [Fact]
    public void A_repeated_property_counts_as_JsonDocument_reads_it()
    {
        const string json = "{ \"id\": \"first.id\", \"id\": \"second.id\", \"name\": \"x\", \"version\": \"1.0\", \"apiVersion\": \"1.0\", \"entryAssembly\": \"X.dll\" }";
        using var document = JsonDocument.Parse(json);

        var manifest = Read(json, out _);

        Assert.Equal(document.RootElement.GetProperty("id").GetString(), manifest!.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{ \"id\": \"a\" } trailing")]
    [InlineData("{ \"id\": \"a\", }")]
    [InlineData("{\n  \"id\": \"a\"\n  \"name\": \"b\"\n}")]
    [InlineData("{ \"id\": \"a\", \"dependencies\": [ { \"id\": \"b\" ] }")]
    [InlineData("[1, 2")]
    [InlineData("{ \"id\": 'a' }")]
    public void Malformed_json_is_reported_at_the_position_JsonDocument_reports(string json)
    {
        JsonException? expected = null;
        try
        {
            using var document = JsonDocument.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            expected = ex;
        }

        Assert.NotNull(expected);

        var manifest = Read(json, out var error);

        Assert.Null(manifest);
        Assert.Equal($"invalid manifest: plugin.json is not valid JSON at line {(expected.LineNumber ?? 0) + 1}, position {(expected.BytePositionInLine ?? 0) + 1}. Fix the file or ask the vendor for a new copy.", error);
    }

    [Theory]
    [InlineData("[ { \"id\": \"a\" } ]", "invalid manifest: the top level must be a JSON object.")]
    [InlineData("\"text\"", "invalid manifest: the top level must be a JSON object.")]
    [InlineData("{ \"id\": 5, \"name\": \"x\" }", "invalid manifest: 'id' is required and may hold only lower-case letters, digits, '.', '-' and '_' (e.g. \"acme.posture\").")]
    [InlineData("{ \"id\": \"a\", \"name\": \"x\", \"version\": \"1.0\", \"apiVersion\": \"1.0\", \"entryAssembly\": \"X.dll\", \"dependencies\": { } }", "invalid manifest: 'dependencies' must be an array of { \"id\", \"version\" } objects.")]
    [InlineData("{ \"id\": \"a\", \"name\": \"x\", \"version\": \"1.0\", \"apiVersion\": \"1.0\", \"entryAssembly\": \"X.dll\", \"dependencies\": [ \"b\" ] }", "invalid manifest: every dependency needs a valid 'id' and a minimum 'version' (e.g. { \"id\": \"sot.reports\", \"version\": \"1.0\" }).")]
    [InlineData("{ \"id\": \"a\", \"name\": \"x\", \"version\": \"1.0\", \"apiVersion\": \"1.0\", \"entryAssembly\": \"X.dll\", \"dependencies\": [ { \"id\": \"b\", \"version\": 1 } ] }", "invalid manifest: every dependency needs a valid 'id' and a minimum 'version' (e.g. { \"id\": \"sot.reports\", \"version\": \"1.0\" }).")]
    public void Wrong_shapes_are_named(string json, string reason)
    {
        var manifest = Read(json, out var error);

        Assert.Null(manifest);
        Assert.Equal(reason, error);
    }

    private PluginManifest? Read(string json, out string? error)
    {
        File.WriteAllText(Path.Combine(_folder, PluginManifest.FileName), json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return PluginManifest.TryRead(_folder, out error);
    }
}
