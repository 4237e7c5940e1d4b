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

            await StartsFromAnotherFolderWithAQuietConsoleAsync(output, Directory.CreateDirectory(Path.Combine(work.FullName, "elsewhere")).FullName);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Issue 15: `dotnet /app/StaffConductAssistant.dll` from another folder serves its pages (it crashed with
    /// DirectoryNotFoundException …/wwwroot/tab/), and local mode's console stays quiet for a short session: one line
    /// per line of output (single-line formatter), no EF Core SQL, no HttpClient or Polly chatter, no stack traces.
    /// </summary>
    private static async Task StartsFromAnotherFolderWithAQuietConsoleAsync(string published, string elsewhere)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = elsewhere, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(published, "StaffConductAssistant.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (lines) { lines.Add(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (lines) { lines.Add(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var up = false;
            for (var i = 0; i < 300 && !up && !process.HasExited; i++)
            {
                try
                {
                    up = (await http.GetAsync(new Uri("healthz", UriKind.Relative))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.True(up, "The published app did not start from another folder:\n" + string.Join("\n", lines));
            var afterStart = lines.Count;

            // A short session: the tab's pages and assets, its API as a development user, the policy text.
            string[] paths = ["tab/concerns", "tab/roster", "tab/overview", "tab/assets/app.js", "tab/assets/concerns.js", "api/tab/me", "policy", "healthz"];
            foreach (var path in paths)
            {
                var response = await http.GetAsync(new Uri(path, UriKind.Relative));
                Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
            }

            using var page = await http.GetAsync(new Uri("tab/concerns", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            await Task.Delay(500);
            string[] session;
            lock (lines)
            {
                session = [.. lines];
            }

            var all = string.Join("\n", session);
            Assert.True(session.Length - afterStart <= paths.Length + 1, $"{session.Length - afterStart} lines for {paths.Length + 1} requests:\n{all}");
            Assert.DoesNotContain("Executed DbCommand", all, StringComparison.Ordinal);
            Assert.DoesNotContain("System.Net.Http", all, StringComparison.Ordinal);
            Assert.DoesNotContain("Polly", all, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
            Assert.DoesNotContain("DirectoryNotFoundException", all, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
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
