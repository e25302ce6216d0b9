using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;

namespace Sot.Workbench.Packages.Tests;

/// <summary>What every packed package carries: README, licence, XML docs, symbols with Source Link, validation.</summary>
[Collection(PackedPackagesGroup.Name)]
[Trait("Category", "Packages")]
public sealed class PackageContentTests(PackedPackages packages)
{
    /// <summary>Source Link's custom debug information kind in a portable PDB.</summary>
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    [Fact]
    public void Every_src_project_is_packed_including_the_first_packages()
    {
        Assert.Subset(packages.PackageIds.ToHashSet(),
            new HashSet<string> { "Sot.Workbench.Core", "Sot.Workbench.Hosting", "Sot.Workbench.Testing", "Sot.Workbench.Templates" });
        Assert.All(packages.PackageIds, id => Assert.True(File.Exists(packages.Package(id)), $"{id} was not packed into {packages.Feed}."));
    }

    [Fact]
    public void Every_package_has_readme_licence_repository_commit_and_description()
    {
        foreach (var id in packages.PackageIds)
        {
            using var zip = ZipFile.OpenRead(packages.Package(id));
            var metadata = Nuspec(zip);
            Assert.Equal(id, Value(metadata, "id"));
            Assert.Equal(packages.Version, Value(metadata, "version"));
            Assert.Equal("MIT", Value(metadata, "license"));
            Assert.Equal("expression", Element(metadata, "license").Attribute("type")?.Value);
            var readme = Value(metadata, "readme");
            Assert.False(string.IsNullOrEmpty(readme), $"{id} has no readme.");
            Assert.NotNull(zip.GetEntry(readme));
            Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")), $"{id} has no description.");
            var repository = Element(metadata, "repository");
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
        }
    }

    [Fact]
    public void Every_library_package_has_xml_docs_and_a_symbol_package_with_source_link()
    {
        foreach (var id in packages.PackageIds.Where(i => i != "Sot.Workbench.Templates"))
        {
            using (var zip = ZipFile.OpenRead(packages.Package(id)))
            {
                Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.dll"));
                Assert.NotNull(zip.GetEntry($"lib/net10.0/{id}.xml"));
            }

            Assert.True(File.Exists(packages.Symbols(id)), $"{id} has no symbol package.");
            using var symbols = ZipFile.OpenRead(packages.Symbols(id));
            var pdb = symbols.GetEntry($"lib/net10.0/{id}.pdb");
            Assert.NotNull(pdb);
            using var stream = new MemoryStream();
            using (var entry = pdb.Open())
            {
                entry.CopyTo(stream);
            }

            stream.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(stream);
            var reader = provider.GetMetadataReader();
            var sourceLink = reader.CustomDebugInformation
                .Select(reader.GetCustomDebugInformation)
                .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
                .Select(info => System.Text.Encoding.UTF8.GetString(reader.GetBlobBytes(info.Value)))
                .SingleOrDefault();
            Assert.False(sourceLink is null, $"{id}.pdb has no Source Link map.");
            Assert.Contains("https://raw.githubusercontent.com/sot-workbench/sot-workbench/", sourceLink, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Template_package_is_a_template_pack_with_its_version_stamped()
    {
        using var zip = ZipFile.OpenRead(packages.Package("Sot.Workbench.Templates"));
        var metadata = Nuspec(zip);
        Assert.Equal("Template", Element(metadata, "packageTypes").Elements().Single().Attribute("name")?.Value);
        Assert.DoesNotContain(zip.Entries, e => e.FullName.StartsWith("lib/", StringComparison.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("content/SotPlugin/.template.config/template.json")!.Open());
        var template = reader.ReadToEnd();
        Assert.Contains($"\"defaultValue\": \"{packages.Version}\"", template, StringComparison.Ordinal);
        Assert.DoesNotContain("__SOT_WORKBENCH_VERSION__", template, StringComparison.Ordinal);
    }

    [Fact]
    public void Package_validation_is_on_for_every_library()
    {
        foreach (var id in packages.PackageIds.Where(i => i != "Sot.Workbench.Templates"))
        {
            var project = XDocument.Load(Path.Combine(PackedPackages.RepoRoot, "src", id, id + ".csproj"));
            Assert.DoesNotContain(project.Descendants("EnablePackageValidation"), e => e.Value == "false");
        }

        var targets = File.ReadAllText(Path.Combine(PackedPackages.RepoRoot, "Directory.Build.targets"));
        Assert.Contains("<EnablePackageValidation>true</EnablePackageValidation>", targets, StringComparison.Ordinal);
    }

    private static XElement Nuspec(ZipArchive zip)
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static XElement Element(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name) ?? throw new Xunit.Sdk.XunitException($"nuspec has no <{name}>.");

    private static string? Value(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
}
