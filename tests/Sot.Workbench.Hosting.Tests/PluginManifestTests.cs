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

    [Theory]
    [InlineData("{\n  \"id\": \"sot.cmrt\",\n  \"name\": \"CMRT\",\n  \"version\": \"1.0.0\",\n  \"apiVersion\": \"1.0\",\n  \"entryAssembly\": \"Sot.Workbench.Plugins.Cmrt.dll\",\n  \"dependencies\": []\n}\n", true)]
    [InlineData("{\"id\":\"a.b\",\"name\":\"N\",\"version\":\"2.1\",\"apiVersion\":\"1.0\",\"entryAssembly\":\"lib/A.dll\",\"dependencies\":[{\"id\":\"c\",\"version\":\"1.0\"},{\"version\":\"3\",\"id\":\"d\",\"x\":[true,false,null,-0.5e+7,{}]}]}", true)]
    [InlineData("{ \"id\": \"a\", \"id\": \"b\", \"dependencies\": [ 1, \"x\", [], { \"id\": 2 } ], \"dependencies\": { \"id\": \"c\" } }", true)]
    [InlineData("{ \"id\": null, \"name\": 12, \"version\": {}, \"apiVersion\": [], \"entryAssembly\": true, \"dependencies\": null }", true)]
    [InlineData("[ { \"id\": \"a\" } ]", true)]
    [InlineData("  \"text\"  ", true)]
    [InlineData("{ \"id\": \"caf\u00e9\" }", false)]
    [InlineData("{ \"id\": \"a\\u0062\" }", false)]
    [InlineData("{ \"id\": \"a\" } // note", false)]
    [InlineData("{ \"id\": \"a\", \"n\": 01 }", false)]
    [InlineData("{ \"id\": \"a\", \"n\": 1. }", false)]
    [InlineData("{ \"id\": \"a\", }", false)]
    [InlineData("{ \"id\": \"a\" } x", false)]
    [InlineData("{ \"id\": tru }", false)]
    [InlineData("", false)]
    public void Plain_manifests_are_read_without_System_Text_Json_and_give_the_same_properties(string json, bool plain)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var fast = PluginManifest.ParsePlain(bytes);

        Assert.Equal(plain, fast is not null);
        if (fast is not null)
        {
            AssertSame(PluginManifest.ParseWithReader(bytes), fast);
        }
    }

    [Fact]
    public void The_shipped_manifests_are_plain()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Sot.Workbench.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var manifests = Directory.GetFiles(Path.Combine(root, "plugins"), PluginManifest.FileName, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToArray();

        Assert.Equal(4, manifests.Length);
        foreach (var manifest in manifests)
        {
            var bytes = File.ReadAllBytes(manifest);
            var fast = PluginManifest.ParsePlain(bytes);
            Assert.NotNull(fast);
            AssertSame(PluginManifest.ParseWithReader(bytes), fast);
        }
    }

    private static void AssertSame(PluginManifest.Fields expected, PluginManifest.Fields? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.IsObject, actual.IsObject);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.ApiVersion, actual.ApiVersion);
        Assert.Equal(expected.EntryAssembly, actual.EntryAssembly);
        Assert.Equal(expected.HasDependencies, actual.HasDependencies);
        Assert.Equal(expected.Dependencies is null, actual.Dependencies is null);
        if (expected.Dependencies is not null)
        {
            Assert.Equal(expected.Dependencies.Count, actual.Dependencies!.Count);
            for (var i = 0; i < expected.Dependencies.Count; i++)
            {
                Assert.Equal(expected.Dependencies[i] is null, actual.Dependencies[i] is null);
                if (expected.Dependencies[i] is { } dependency)
                {
                    AssertSame(dependency, actual.Dependencies[i]);
                }
            }
        }
    }

    private PluginManifest? Read(string json, out string? error)
    {
        File.WriteAllText(Path.Combine(_folder, PluginManifest.FileName), json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return PluginManifest.TryRead(_folder, out error);
    }
}
