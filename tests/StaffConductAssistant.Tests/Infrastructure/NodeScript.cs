using System.Diagnostics;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>Runs a Node script from tests/StaffConductAssistant.Tests/js with the repository's node_modules.</summary>
public static class NodeScript
{
    public static string ScriptsFolder => Path.Combine(TestPaths.RepositoryRoot, "tests", "StaffConductAssistant.Tests", "js");

    /// <summary>
    /// Runs <c>node js/&lt;script&gt; &lt;node_modules&gt; args...</c>, writes <paramref name="stdin"/>,
    /// returns stdout; throws with stderr when node exits non-zero.
    /// </summary>
    public static async Task<string> RunAsync(string script, string stdin, params string[] args)
    {
        if (!File.Exists(Path.Combine(TestPaths.NodeModules, "adaptivecards", "package.json")))
        {
            throw new InvalidOperationException($"node_modules is missing at {TestPaths.NodeModules}: run `npm ci` in the repository root.");
        }

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };
        start.ArgumentList.Add(Path.Combine(ScriptsFolder, script));
        start.ArgumentList.Add(TestPaths.NodeModules);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} exited {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
        }

        return await stdout.ConfigureAwait(false);
    }
}
