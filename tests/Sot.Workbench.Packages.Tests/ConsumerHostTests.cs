using Sot.Workbench.Analysis;
using Sot.Workbench.Catalogue;
using Sot.Workbench.Domain;
using Sot.Workbench.Findings;

namespace Sot.Workbench.Packages.Tests;

/// <summary>A small host application built and run from the packed packages only (no project reference, no repository build file).</summary>
[Collection(PackedPackagesGroup.Name)]
[Trait("Category", "Packages")]
public sealed class ConsumerHostTests(PackedPackages packages)
{
    [Fact]
    public async Task Host_built_from_the_packages_only_composes_the_workbench_and_analyses()
    {
        var folder = packages.IsolatedFolder("consumer-host");
        await File.WriteAllTextAsync(Path.Combine(folder, "ConsumerHost.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Sot.Workbench.Hosting" Version="{packages.Version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Sot.Workbench.Analysis;
            using Sot.Workbench.Catalogue;
            using Sot.Workbench.Domain;
            using Sot.Workbench.Findings;
            using Sot.Workbench.Hosting;

            var builder = Host.CreateApplicationBuilder(args);
            builder.AddSotWorkbench();
            using var host = builder.Build();
            await host.StartAsync();

            var catalogue = host.Services.GetRequiredService<IndicatorCatalogue>();
            var analyzer = host.Services.GetRequiredService<CategoryAnalyzer>();
            var plugins = host.Services.GetRequiredService<IPluginCatalog>();
            var findings = new[]
            {
                catalogue.CreateFinding(IndicatorCodes.ArmFossa, AnalysisPosition.Supine, Side.Left, FindingPhase.InitialAnalysis, new EnumValue("result", "PositiveUpperFossa")),
                catalogue.CreateFinding(IndicatorCodes.LateralSway, AnalysisPosition.Standing, Side.None, FindingPhase.InitialAnalysis, new LengthValue("eyesOpen", Length.Millimetres(16))),
            };
            var result = analyzer.Analyze(new AnalysisInput(findings));
            Console.WriteLine($"indicators={catalogue.Count}");
            Console.WriteLine($"plugins={plugins.Plugins.Count}");
            Console.WriteLine("suggestions=" + string.Join(";", result.Suggestions.Select(s => $"{s.RuleId}:{s.Kind}:{s.Category}:{s.Side}")));
            await host.StopAsync();
            """);

        var run = await PackedPackages.RunAsync("dotnet", ["run", "--project", Path.Combine(folder, "ConsumerHost.csproj"), "-nodeReuse:false"], folder);

        run.AssertSucceeded();
        var catalogue = IndicatorCatalogue.Core;
        var expected = CategoryAnalyzer.Core.Analyze(new AnalysisInput(
        [
            catalogue.CreateFinding(IndicatorCodes.ArmFossa, AnalysisPosition.Supine, Side.Left, FindingPhase.InitialAnalysis, new EnumValue("result", "PositiveUpperFossa")),
            catalogue.CreateFinding(IndicatorCodes.LateralSway, AnalysisPosition.Standing, Side.None, FindingPhase.InitialAnalysis, new LengthValue("eyesOpen", Length.Millimetres(16))),
        ]));
        Assert.NotEmpty(expected.Suggestions);
        var lines = run.Out.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"indicators={catalogue.Count}", lines);
        Assert.Contains("plugins=0", lines);
        Assert.Contains("suggestions=" + string.Join(";", expected.Suggestions.Select(s => $"{s.RuleId}:{s.Kind}:{s.Category}:{s.Side}")), lines);

        // Restored from the packed feed, not from the repository's projects.
        var assets = await File.ReadAllTextAsync(Path.Combine(folder, "obj", "project.assets.json"));
        Assert.Contains($"\"Sot.Workbench.Core/{packages.Version}\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
    }
}
