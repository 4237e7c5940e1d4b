using System.Diagnostics;
using System.Text.Json.Nodes;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Infra;

/// <summary>
/// The safe defaults a school needs, read from what Azure is actually sent: the ARM JSON that `bicep build` makes of
/// infra/main.bicep (with its modules inlined). docs/deploy.md says why each one is there.
/// </summary>
public class ArmTemplateTests
{
    private static readonly Lazy<Task<JsonObject>> Compiled = new(CompileAsync);

    [BicepFact]
    public async Task TheDatabaseServerHasADeleteLock()
    {
        var arm = await Compiled.Value;
        var locks = Resources(arm, "Microsoft.Authorization/locks");

        Assert.Contains(locks, l =>
            (string?)l["properties"]!["level"] == "CanNotDelete"
            && ((string?)l["scope"] ?? string.Empty).StartsWith("[resourceId('Microsoft.DBforPostgreSQL/flexibleServers',", StringComparison.Ordinal));
    }

    [BicepFact]
    public async Task TheDatabaseTakesMicrosoftEntraSignInOnlyAndTheAppIsNotItsAdministrator()
    {
        var arm = await Compiled.Value;
        var server = Assert.Single(Resources(arm, "Microsoft.DBforPostgreSQL/flexibleServers"))["properties"]!;

        Assert.Equal("Disabled", (string?)server["authConfig"]!["passwordAuth"]);
        Assert.Equal("Enabled", (string?)server["authConfig"]!["activeDirectoryAuth"]);
        Assert.Null(server["administratorLoginPassword"]);
        Assert.Equal("Disabled", (string?)server["network"]!["publicNetworkAccess"]);

        // The Entra administrator is the migration identity (id-db-…), never the app's own identity (id-…).
        var admin = Assert.Single(Resources(arm, "Microsoft.DBforPostgreSQL/flexibleServers/administrators"));
        Assert.Equal("ServicePrincipal", (string?)admin["properties"]!["principalType"]);
        var adminModule = Resources(arm, "Microsoft.Resources/deployments").Single(d => (string?)d["name"] == "database-admin");
        Assert.Contains("'id-db-{0}'", adminModule["properties"]!["parameters"]!["principalName"]!["value"]!.ToString(), StringComparison.Ordinal);

        var connection = AppSetting(arm, "Database__ConnectionString");
        Assert.Contains("SSL Mode=VerifyFull", connection, StringComparison.Ordinal);
        Assert.Contains("format('id-{0}'", connection, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", connection, StringComparison.OrdinalIgnoreCase);
    }

    [BicepFact]
    public async Task GeoRedundantBackupIsAParameterAndRestoreReachesBack35Days()
    {
        var arm = await Compiled.Value;
        var backup = Assert.Single(Resources(arm, "Microsoft.DBforPostgreSQL/flexibleServers"))["properties"]!["backup"]!;

        Assert.Equal("[parameters('postgresGeoRedundantBackup')]", (string?)backup["geoRedundantBackup"]);
        Assert.Equal(35, (int?)backup["backupRetentionDays"]);
        var parameter = arm["parameters"]!["postgresGeoRedundantBackup"]!;
        Assert.Equal(["Disabled", "Enabled"], parameter["allowedValues"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("Disabled", (string?)parameter["defaultValue"]);
    }

    [BicepFact]
    public async Task NoSecretExistsAndNoAppSettingHoldsOne()
    {
        var arm = await Compiled.Value;

        // Every sign-in is a managed identity: nothing to keep in a vault. A vault coming back needs purge protection,
        // public network access off (or its reason) and a postprovision refresh of its references (docs/deploy.md).
        Assert.DoesNotContain(AllResources(arm), r => ((string?)r["type"])!.StartsWith("Microsoft.KeyVault/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Templates(arm).SelectMany(t => t["parameters"]?.AsObject() ?? []), p => ((string?)p.Value!["type"])!.StartsWith("secure", StringComparison.OrdinalIgnoreCase));

        string[] secretMarkers = ["password", "secret", "accountkey", "sharedaccesskey", "instrumentationkey", "listkeys(", "listsecrets(", "listcredentials("];
        var settings = Assert.Single(Resources(arm, "Microsoft.Web/sites/config"), c => ((string?)c["name"])!.Contains("'appsettings'", StringComparison.Ordinal))["properties"]!.AsObject();
        Assert.NotEmpty(settings);
        foreach (var (name, value) in settings)
        {
            var text = value!.ToString();
            if (text.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal))
            {
                continue;
            }

            var found = secretMarkers.FirstOrDefault(m => name.Contains(m, StringComparison.OrdinalIgnoreCase) || text.Contains(m, StringComparison.OrdinalIgnoreCase));
            Assert.True(found is null, $"App setting {name} looks like it holds a secret ({found}): {text}");
        }
    }

    [BicepFact]
    public async Task PublishingWithAUserNameAndPasswordIsOff()
    {
        var arm = await Compiled.Value;
        var policies = Resources(arm, "Microsoft.Web/sites/basicPublishingCredentialsPolicies");

        foreach (var kind in new[] { "ftp", "scm" })
        {
            var policy = Assert.Single(policies, p => ((string?)p["name"])!.Contains($"'{kind}'", StringComparison.Ordinal));
            Assert.False((bool)policy["properties"]!["allow"]!, $"basic publishing credentials for {kind} are allowed");
        }

        Assert.Equal("Disabled", (string?)SiteConfig(arm)["ftpsState"]);
    }

    [BicepFact]
    public async Task LogAnalyticsHasADailyCap()
    {
        var arm = await Compiled.Value;
        var workspace = Assert.Single(Resources(arm, "Microsoft.OperationalInsights/workspaces"))["properties"]!;

        Assert.Equal("[json(parameters('logDailyCapGb'))]", (string?)workspace["workspaceCapping"]!["dailyQuotaGb"]);
        var cap = double.Parse((string)arm["parameters"]!["logDailyCapGb"]!["defaultValue"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(cap, 0.1, 5);
    }

    [BicepFact]
    public async Task NoRequestLogKeepsUrlsWithTheirQueryStrings()
    {
        var arm = await Compiled.Value;

        // App Service's HTTP log (CsUriQuery) and Application Insights' request telemetry would both keep ?parent=<name>.
        var categories = Assert.Single(Resources(arm, "Microsoft.Insights/diagnosticSettings"))["properties"]!["logs"]!.AsArray();
        Assert.Contains(categories, c => (string?)c!["category"] == "AppServiceConsoleLogs" && (bool)c["enabled"]!);
        Assert.DoesNotContain(categories, c => (string?)c!["category"] == "AppServiceHTTPLogs" && (bool)c["enabled"]!);
        Assert.DoesNotContain(categories, c => c!["categoryGroup"] is not null);
        Assert.False((bool)SiteConfig(arm)["httpLoggingEnabled"]!);
        Assert.False((bool)SiteConfig(arm)["requestTracingEnabled"]!);
    }

    [BicepFact]
    public async Task ApplicationInsightsIsOptionalOffByDefaultAndWritesIntoTheCappedWorkspace()
    {
        var arm = await Compiled.Value;

        // Off unless asked for; when on, workspace-based (so the daily cap holds) and wired to the variable the app reads.
        Assert.Equal("Disabled", (string?)arm["parameters"]!["applicationInsights"]!["defaultValue"]);
        var component = Assert.Single(Resources(arm, "Microsoft.Insights/components"));
        Assert.Equal("[equals(parameters('applicationInsights'), 'Enabled')]", (string?)component["condition"]);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)component["properties"]!["WorkspaceResourceId"], StringComparison.Ordinal);
        Assert.Equal("LogAnalytics", (string?)component["properties"]!["IngestionMode"]);
        var setting = AppSetting(arm, "APPLICATIONINSIGHTS_CONNECTION_STRING");
        Assert.Contains("parameters('applicationInsights')", setting, StringComparison.Ordinal);
        Assert.Contains("ConnectionString", setting, StringComparison.Ordinal);
    }

    private static JsonNode SiteConfig(JsonObject arm) => Assert.Single(Resources(arm, "Microsoft.Web/sites"))["properties"]!["siteConfig"]!;

    private static string AppSetting(JsonObject arm, string name) =>
        Resources(arm, "Microsoft.Web/sites/config").Single(c => ((string?)c["name"])!.Contains("'appsettings'", StringComparison.Ordinal))["properties"]![name]!.ToString();

    private static List<JsonNode> Resources(JsonObject arm, string type) =>
        AllResources(arm).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Every resource, in the template and in every nested deployment's template (Bicep modules).</summary>
    private static IEnumerable<JsonNode> AllResources(JsonObject arm) => Templates(arm).SelectMany(t => t["resources"]!.AsArray()).Select(r => r!);

    private static IEnumerable<JsonNode> Templates(JsonNode template)
    {
        yield return template;
        foreach (var resource in template["resources"]!.AsArray())
        {
            if (resource!["properties"]?["template"] is { } nested)
            {
                foreach (var inner in Templates(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    private static async Task<JsonObject> CompileAsync()
    {
        var start = new ProcessStartInfo(BicepFactAttribute.Bicep!)
        {
            ArgumentList = { "build", Path.Combine(TestPaths.RepositoryRoot, "infra", "main.bicep"), "--stdout" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "bicep build: " + stderr);
        return JsonNode.Parse(await stdout)!.AsObject();
    }
}
