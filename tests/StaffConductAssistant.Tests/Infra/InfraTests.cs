using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Infra;

/// <summary>
/// Keeps azure.yaml and infra/ honest about the app: the service project exists, and every app setting the Bicep
/// gives the web app is a configuration key the app really binds, so a renamed option cannot drift silently.
/// </summary>
public partial class InfraTests
{
    /// <summary>App Service and .NET settings that are not options of the app.</summary>
    // Read by name rather than bound to an options section: the environment, and the standard variable for Application
    // Insights that the app reads into TelemetryOptions (as the Azure Monitor distro and App Service do).
    private static readonly HashSet<string> PlatformSettings = ["ASPNETCORE_ENVIRONMENT", StaffConductAssistant.Hosting.TelemetryOptions.ConnectionStringVariable];

    private static string Root => TestPaths.RepositoryRoot;

    private static string Resources => File.ReadAllText(Path.Combine(Root, "infra", "resources.bicep"));

    [Fact]
    public void AzureYamlNamesTheAppProjectAndTheBicepEntryPoint()
    {
        var yaml = File.ReadAllLines(Path.Combine(Root, "azure.yaml"));
        var service = Block(yaml, "services:", "  app:");

        var project = Value(service, "project");
        var folder = Path.GetFullPath(Path.Combine(Root, project));
        Assert.True(File.Exists(Path.Combine(folder, "StaffConductAssistant.csproj")), $"azure.yaml's app project {project} has no StaffConductAssistant.csproj");
        Assert.Equal(Path.GetFullPath(Path.Combine(Root, "src", "StaffConductAssistant")), folder);
        Assert.Equal("dotnet", Value(service, "language"));
        Assert.Equal("appservice", Value(service, "host"));

        var infra = Block(yaml, "infra:");
        Assert.Equal("bicep", Value(infra, "provider"));
        Assert.True(File.Exists(Path.Combine(Root, Value(infra, "path"), Value(infra, "module") + ".bicep")));

        // azd finds the web app to deploy to by this tag.
        Assert.Contains("'azd-service-name': 'app'", Resources, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryAppSettingIsAConfigurationKeyTheAppBinds()
    {
        var settings = AppSettings();
        Assert.NotEmpty(settings);
        var sections = OptionsSections();
        var appsettingsJson = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "src", "StaffConductAssistant", "appsettings.json")))!.AsObject();

        var unknown = new List<string>();
        foreach (var name in settings.Keys)
        {
            if (PlatformSettings.Contains(name))
            {
                continue;
            }

            var path = name.Split("__");
            var known = path.Length == 2
                ? (sections.TryGetValue(path[0], out var type) && type.GetProperty(path[1], BindingFlags.Public | BindingFlags.Instance)?.SetMethod is { IsPublic: true })
                  || appsettingsJson[path[0]]?[path[1]] is not null
                : path.Length > 2 && appsettingsJson[path[0]] is not null;
            if (!known)
            {
                unknown.Add(name);
            }
        }

        Assert.True(unknown.Count == 0, "App settings in infra/resources.bicep that the app does not bind: " + string.Join(", ", unknown));
    }

    [Fact]
    public void TheProductionEssentialsAreSet()
    {
        var settings = AppSettings();
        string[] required =
        [
            "ASPNETCORE_ENVIRONMENT", "App__PublicBaseUrl", "Bot__AppId", "Bot__TenantId", "Bot__ManagedIdentityClientId",
            "Database__Provider", "Database__ConnectionString", "Database__ManagedIdentityClientId", "Database__AppRoleObjectId",
            "Database__MigrationUsername", "Database__MigrationManagedIdentityClientId",
            "Graph__TenantId", "Graph__ClientId", "Graph__ManagedIdentityClientId", "TabAuth__ClientId", "TabAuth__ApplicationIdUri",
            "Roles__SltGroupId", "Roles__HeadmistressUserId", "Letters__SenderMailbox", "Teams__CatalogAppId",
        ];
        var missing = required.Where(r => !settings.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "Missing from infra/resources.bicep: " + string.Join(", ", missing));
        Assert.Equal("'Production'", settings["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("'Postgres'", settings["Database__Provider"]);
        Assert.Equal("databaseConnectionString", settings["Database__ConnectionString"]);
        Assert.Contains("SSL Mode=VerifyFull", Resources, StringComparison.Ordinal);

        // One managed identity is the bot, the Graph app's credential and the database login (no secrets in settings);
        // the Entra app (Graph, the tabs' sign-in, the manifest's webApplicationInfo) is one and the same.
        Assert.DoesNotContain(settings.Keys, k => k.EndsWith("__ClientSecret", StringComparison.Ordinal));
        Assert.Equal(settings["Bot__AppId"], settings["Bot__ManagedIdentityClientId"]);
        Assert.Equal(settings["Bot__AppId"], settings["Graph__ManagedIdentityClientId"]);
        Assert.Equal(settings["Bot__AppId"], settings["Database__ManagedIdentityClientId"]);
        Assert.Equal("entraAppClientId", settings["Graph__ClientId"]);
        Assert.Equal("entraAppClientId", settings["TabAuth__ClientId"]);
        Assert.Contains("'api://${toLower(host)}/${entraAppClientId}'", Resources, StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersFileFillsEveryParameterAzdDoesNotGenerate()
    {
        var main = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        var declared = ParamRegex().Matches(main).Select(m => m.Groups[1].Value).ToList();

        Assert.Empty(parameters.Select(p => p.Key).Except(declared));
        foreach (var name in declared.Where(n => !parameters.ContainsKey(n)))
        {
            var declaration = main.IndexOf($"\nparam {name} ", StringComparison.Ordinal);
            var previous = main.LastIndexOf("\nparam ", declaration - 1, StringComparison.Ordinal);
            var decorators = main[Math.Max(previous, 0)..declaration];
            Assert.True(decorators.Contains("type: 'generate'", StringComparison.Ordinal), $"main.bicep parameter {name} is neither in main.parameters.json nor generated by azd");
        }
    }

    [Fact]
    public async Task ThePostprovisionHookIsValidShellAndReadsOnlyValuesAzdHas()
    {
        var yaml = File.ReadAllLines(Path.Combine(Root, "azure.yaml"));
        var posix = Block(yaml, "hooks:", "  postprovision:", "    posix:");
        var run = posix.SkipWhile(l => l.Trim() != "run: |").Skip(1).Select(l => l.Length >= 8 ? l[8..] : l.Trim()).ToList();
        Assert.NotEmpty(run);
        var windows = string.Join("\n", Block(yaml, "hooks:", "  postprovision:", "    windows:"));

        // Outputs of main.bicep become azd environment values; azd itself sets the subscription.
        var main = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));
        var known = OutputRegex().Matches(main).Select(m => m.Groups[1].Value).Append("AZURE_SUBSCRIPTION_ID").ToHashSet(StringComparer.Ordinal);
        var used = ShellVariableRegex().Matches(string.Join("\n", run)).Select(m => m.Groups[1].Value).Where(v => v != "site")
            .Concat(PwshEnvironmentRegex().Matches(windows).Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(used);
        Assert.True(used.All(known.Contains), "The postprovision hook reads values azd does not have: " + string.Join(", ", used.Where(v => !known.Contains(v))));
        Assert.Contains("configreferences/appsettings/refresh", string.Join("\n", run), StringComparison.Ordinal);

        // sh -n: parse only, run nothing.
        var script = Path.Combine(Path.GetTempPath(), $"postprovision-{Guid.NewGuid():N}.sh");
        await File.WriteAllLinesAsync(script, run);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-n", script }, RedirectStandardError = true })!;
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, "sh -n: " + stderr);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [BicepFact]
    public async Task BicepCompilesAndLintsWithoutWarnings()
    {
        foreach (var verb in new[] { "build", "lint" })
        {
            var start = new ProcessStartInfo(BicepFactAttribute.Bicep!)
            {
                ArgumentList = { verb, Path.Combine(Root, "infra", "main.bicep"), "--diagnostics-format", "default" },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            if (verb == "build")
            {
                start.ArgumentList.Add("--stdout");
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            await stdout;
            Assert.True(process.ExitCode == 0 && stderr.Trim().Length == 0, $"bicep {verb}: {stderr}");
        }
    }

    /// <summary>Name → Bicep expression of every entry in the web app's <c>appsettings</c> config resource.</summary>
    private static Dictionary<string, string> AppSettings()
    {
        var text = Resources;
        var start = text.IndexOf("name: 'appsettings'", StringComparison.Ordinal);
        Assert.True(start >= 0, "infra/resources.bicep has no appsettings config resource");
        var open = text.IndexOf('{', text.IndexOf("properties:", start, StringComparison.Ordinal));
        var depth = 0;
        var end = open;
        for (; end < text.Length; end++)
        {
            depth += text[end] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                break;
            }
        }

        return SettingRegex().Matches(text[(open + 1)..end]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
    }

    /// <summary>Section name → options class, for every class in the app with a <c>const string Section</c>.</summary>
    private static Dictionary<string, Type> OptionsSections() =>
        new[] { typeof(DatabaseOptions).Assembly, typeof(BotOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type);

    /// <summary>The lines under <paramref name="path"/> (nested keys, each indented two more spaces), until the indentation drops.</summary>
    private static List<string> Block(string[] lines, params string[] path)
    {
        var index = 0;
        foreach (var key in path)
        {
            index = Array.FindIndex(lines, index, l => l.TrimEnd() == key);
            Assert.True(index >= 0, $"azure.yaml has no {string.Join(" > ", path)}");
            index++;
        }

        var indent = path[^1].Length - path[^1].TrimStart().Length + 2;
        return lines.Skip(index).TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length >= indent).ToList();
    }

    private static string Value(List<string> block, string key) =>
        block.Select(l => l.Trim()).Where(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..].Trim()).FirstOrDefault()
        ?? throw new InvalidOperationException($"azure.yaml: no {key}");

    [GeneratedRegex(@"^\s*([A-Za-z][A-Za-z0-9_]*)\s*:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex SettingRegex();

    [GeneratedRegex(@"^param (\w+) ", RegexOptions.Multiline)]
    private static partial Regex ParamRegex();

    [GeneratedRegex(@"^output (\w+) ", RegexOptions.Multiline)]
    private static partial Regex OutputRegex();

    /// <summary>$NAME and ${NAME...} in the sh hook.</summary>
    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ShellVariableRegex();

    /// <summary>$env:NAME in the pwsh hook (other $names are its own variables).</summary>
    [GeneratedRegex(@"\$env:([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex PwshEnvironmentRegex();
}

/// <summary>
/// Runs when a Bicep CLI is at hand: <c>SCA_BICEP</c> (a path) or <c>bicep</c> on PATH. Nothing here downloads it; the
/// NuGet package Azure.Bicep.CommandLine.linux-x64 ships one (docs/deploy.md, "Checking the templates").
/// </summary>
public sealed class BicepFactAttribute : FactAttribute
{
    public static string? Bicep { get; } = Find();

    public BicepFactAttribute()
    {
        if (Bicep is null)
        {
            Skip = "No Bicep CLI: set SCA_BICEP to its path, or put bicep on PATH (docs/deploy.md, \"Checking the templates\").";
        }
    }

    private static string? Find()
    {
        var configured = Environment.GetEnvironmentVariable("SCA_BICEP");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "bicep"))
            .FirstOrDefault(File.Exists);
    }
}
