using System.Diagnostics;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Infra;

/// <summary>
/// What `azd up` deploys is `dotnet publish` of a fresh clone: nothing from this machine's node_modules or bin folders.
/// The tabs cannot sign in without the Teams JavaScript library, so a publish must ship it, or fail and say how to fix it.
/// </summary>
public class PublishTests
{
    private const string TeamsLibrary = "wwwroot/lib/MicrosoftTeams.min.js";

    [FreshCloneFact]
    public async Task AFreshClonePublishesTheTabsTeamsLibraryOrFailsNamingTheFix()
    {
        var work = Directory.CreateTempSubdirectory("sca-publish-");
        try
        {
            var clone = Path.Combine(work.FullName, "clone");
            await Run("git", work.FullName, TimeSpan.FromSeconds(60), "clone", "--quiet", "--no-hardlinks", TestPaths.RepositoryRoot, clone);
            Assert.False(Directory.Exists(Path.Combine(clone, "src", "StaffConductAssistant", "ClientLibrary", "node_modules")), "the clone must start without node_modules");

            // Without npm's help the build refuses, and the message names the fix.
            var refused = await Run("dotnet", clone, TimeSpan.FromSeconds(60), "msbuild", "src/StaffConductAssistant", "-t:IncludeClientLibrary", "-p:SkipClientLibraryRestore=true", "-nologo");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("Teams JavaScript library is missing", refused.Output, StringComparison.Ordinal);
            Assert.Contains("npm ci", refused.Output, StringComparison.Ordinal);

            // The publish azd runs: the build restores the library itself. Analyzers off: they only check code (the main
            // build runs them) and take half the time; what is published is the same. ~35 s on an idle 2-core machine.
            var output = Path.Combine(work.FullName, "out");
            var published = await Run("dotnet", clone, TimeSpan.FromMinutes(8), "publish", "src/StaffConductAssistant", "-c", "Release", "-o", output, "-nologo", "-p:RunAnalyzers=false");
            Assert.True(published.ExitCode == 0, published.Output);

            var library = new FileInfo(Path.Combine(output, TeamsLibrary));
            Assert.True(library.Exists, $"{TeamsLibrary} is not in the published output");
            Assert.True(library.Length > 100_000, $"{TeamsLibrary} is only {library.Length} bytes");
            Assert.Contains("microsoftTeams", await File.ReadAllTextAsync(library.FullName), StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> Run(string file, string directory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside an MSBuild/VSTest environment; the child must build as a person's shell would.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} took longer than {timeout}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>Needs git and npm, and a repository to clone; skipped with the reason otherwise (CI has all three).</summary>
public sealed class FreshCloneFactAttribute : FactAttribute
{
    private static readonly string[] Tools = ["git", "npm"];

    public FreshCloneFactAttribute()
    {
        var missing = Tools.Where(tool => !OnPath(tool)).ToList();
        if (missing.Count > 0)
        {
            Skip = $"Publishing a fresh clone needs {string.Join(" and ", missing)} on PATH.";
        }
        else if (!Path.Exists(Path.Combine(TestPaths.RepositoryRoot, ".git")))
        {
            Skip = $"{TestPaths.RepositoryRoot} is not a git repository, so there is no fresh clone to publish.";
        }
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));
}
