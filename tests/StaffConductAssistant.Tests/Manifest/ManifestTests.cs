using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Manifest;

public class ManifestTests
{
    private static string ManifestFolder => Path.Combine(TestPaths.RepositoryRoot, "manifest");

    [Fact]
    public async Task FilledTemplateIsValidAgainstTheOfficialSchemaAndBrokenOnesAreNot()
    {
        var good = ManifestValidator.FilledTemplate();
        var noBotId = ManifestValidator.FilledTemplate();
        noBotId["bots"]![0]!.AsObject().Remove("botId");
        var longTitle = ManifestValidator.FilledTemplate();
        longTitle["composeExtensions"]![0]!["commands"]![0]!["title"] = new string('x', 33);
        var wrongVersion = ManifestValidator.FilledTemplate();
        wrongVersion["manifestVersion"] = "1.29";

        var results = await ManifestValidator.ValidateAsync(good, noBotId, longTitle, wrongVersion);

        Assert.True(results[0].Count == 0, string.Join("\n", results[0]));
        Assert.Contains(results[1], e => e.Contains("botId", StringComparison.Ordinal));
        Assert.Contains(results[2], e => e.Contains("/title", StringComparison.Ordinal));
        Assert.Contains(results[3], e => e.Contains("/manifestVersion", StringComparison.Ordinal));
    }

    [Fact]
    public void TemplateUsesTheNewestShippedSchemaAndTheAgreedSections()
    {
        var shipped = Directory.GetDirectories(Path.Combine(TestPaths.NodeModules, "@microsoft", "app-manifest", "build", "json-schemas", "teams"), "v1.*")
            .Select(d => Version.Parse(Path.GetFileName(d)[1..]))
            .Max()!;
        var m = ManifestValidator.FilledTemplate();
        Assert.Equal($"{shipped.Major}.{shipped.Minor}", (string?)m["manifestVersion"]);
        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{shipped.Major}.{shipped.Minor}/MicrosoftTeams.schema.json", (string?)m["$schema"]);
        Assert.Equal("logConcern", (string?)m["composeExtensions"]![0]!["commands"]![0]!["id"]);
        Assert.Equal(["roster", "concerns"], m["staticTabs"]!.AsArray().Select(t => (string?)t!["entityId"]));
        Assert.Equal("api://sca.example.org/00000000-0000-4000-8000-000000000002", (string?)m["webApplicationInfo"]!["resource"]);
    }

    [Fact]
    public void TheManifestAndTheTabsTokenCheckAgreeOnTheEntraAppsApplicationIdUri()
    {
        const string entraApp = "00000000-0000-4000-8000-0000000000c1";
        var manifest = ManifestValidator.FilledTemplate(domain: "app-abc.azurewebsites.net", ssoClientId: entraApp);
        using var app = new AppHost("Production", new Dictionary<string, string?>
        {
            ["Bot:AppId"] = "00000000-0000-4000-8000-0000000000b0",
            ["Bot:TenantId"] = "00000000-0000-4000-8000-0000000000a0",
            ["App:PublicBaseUrl"] = "https://app-abc.azurewebsites.net/",
            ["TabAuth:ClientId"] = entraApp,
        });

        var tab = app.Services.GetRequiredService<IOptions<TabAuthOptions>>().Value;

        Assert.Equal(entraApp, (string?)manifest["webApplicationInfo"]!["id"]);
        Assert.Equal((string?)manifest["webApplicationInfo"]!["resource"], tab.ApplicationIdUri);
        Assert.Equal($"api://app-abc.azurewebsites.net/{entraApp}", tab.ApplicationIdUri);
    }

    [Fact]
    public void IconsHaveTheRequiredSizesAndTheOutlineIsWhiteOnTransparent()
    {
        var color = PngImage.Load(Path.Combine(ManifestFolder, "color.png"));
        Assert.Equal((192, 192), (color.Width, color.Height));

        var outline = PngImage.Load(Path.Combine(ManifestFolder, "outline.png"));
        Assert.Equal((32, 32, (byte)6), (outline.Width, outline.Height, outline.ColorType));
        var transparent = 0;
        for (var y = 0; y < 32; y++)
        {
            for (var x = 0; x < 32; x++)
            {
                var (r, g, b, a) = outline[x, y];
                Assert.True(a == 0 || (r, g, b) == (255, 255, 255), $"outline pixel {x},{y} is not white or transparent");
                transparent += a == 0 ? 1 : 0;
            }
        }

        Assert.Equal(0, outline[0, 0].A);
        Assert.InRange(transparent, 200, 900);
    }

    [Fact]
    public async Task BuildScriptMakesAZipWithExactlyTheThreeFilesAndNoPlaceholders()
    {
        var zip = Path.Combine(Path.GetTempPath(), $"appPackage-{Guid.NewGuid():N}.zip");
        try
        {
            var start = new ProcessStartInfo(Path.Combine(ManifestFolder, "build.sh"))
            {
                ArgumentList = { "--bot-id", "00000000-0000-4000-8000-0000000000b0", "--domain", "sca.example.org", "--version", "2.0.1", "--out", zip },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using (var process = Process.Start(start)!)
            {
                var stderr = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, stderr);
            }

            using var archive = ZipFile.OpenRead(zip);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            string text;
            using (var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open()))
            {
                text = await reader.ReadToEndAsync();
            }

            Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
            var manifest = JsonNode.Parse(text)!;
            Assert.Equal("2.0.1", (string?)manifest["version"]);
            Assert.Equal("00000000-0000-4000-8000-0000000000b0", (string?)manifest["id"]);
            Assert.Equal("00000000-0000-4000-8000-0000000000b0", (string?)manifest["webApplicationInfo"]!["id"]);
            Assert.Equal("https://sca.example.org/outlook/taskpane", (string?)manifest["extensions"]![0]!["runtimes"]![0]!["code"]!["page"]);
            var results = await ManifestValidator.ValidateAsync(manifest);
            Assert.True(results[0].Count == 0, string.Join("\n", results[0]));
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public async Task BuildScriptPutsTheEntraAppInWebApplicationInfoWithItsOwnApplicationIdUri()
    {
        // The bot runs as a managed identity, which cannot expose the tab's API or hold the RSC consent: the school's Entra app does both.
        var zip = Path.Combine(Path.GetTempPath(), $"appPackage-{Guid.NewGuid():N}.zip");
        try
        {
            var start = new ProcessStartInfo(Path.Combine(ManifestFolder, "build.sh"))
            {
                ArgumentList = { "--bot-id", "00000000-0000-4000-8000-0000000000b0", "--domain", "sca.example.org", "--entra-app-id", "00000000-0000-4000-8000-0000000000c1", "--out", zip },
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using (var process = Process.Start(start)!)
            {
                var stderr = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, stderr);
            }

            using var archive = ZipFile.OpenRead(zip);
            using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
            var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;
            Assert.Equal("00000000-0000-4000-8000-0000000000c1", (string?)manifest["webApplicationInfo"]!["id"]);
            // Entra lists api://<string>/<the registration's own client id> among its secure identifier URI forms; api://<host>/botid-<id> is not.
            Assert.Equal("api://sca.example.org/00000000-0000-4000-8000-0000000000c1", (string?)manifest["webApplicationInfo"]!["resource"]);
            Assert.Equal("00000000-0000-4000-8000-0000000000b0", (string?)manifest["bots"]![0]!["botId"]);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    [Fact]
    public async Task TheOutlookAddInPartIsValidAgainstTheSchemaAndBrokenOnesAreNot()
    {
        var twoIcons = ManifestValidator.FilledTemplate();
        Button(twoIcons)["icons"]!.AsArray().RemoveAt(2);
        var badContext = ManifestValidator.FilledTemplate();
        badContext["extensions"]![0]!["ribbons"]![0]!["contexts"] = new JsonArray("messageRead");
        var noPage = ManifestValidator.FilledTemplate();
        noPage["extensions"]![0]!["runtimes"]![0]!.AsObject().Remove("code");
        var twoExtensions = ManifestValidator.FilledTemplate();
        twoExtensions["extensions"]!.AsArray().Add(twoExtensions["extensions"]![0]!.DeepClone());

        var results = await ManifestValidator.ValidateAsync(twoIcons, badContext, noPage, twoExtensions);

        Assert.Contains(results[0], e => e.Contains("/extensions/0/ribbons/0/tabs/0/groups/0/controls/0/icons", StringComparison.Ordinal));
        Assert.Contains(results[1], e => e.Contains("/extensions/0/ribbons/0/contexts/0", StringComparison.Ordinal));
        Assert.Contains(results[2], e => e.Contains("/extensions/0/runtimes/0", StringComparison.Ordinal) && e.Contains("code", StringComparison.Ordinal));
        Assert.Contains(results[3], e => e.Contains("/extensions", StringComparison.Ordinal));
    }

    [Fact]
    public void TheOutlookButtonIsOnTheReadMessageSurfaceAndOpensTheTaskPaneTheAppServes()
    {
        var m = ManifestValidator.FilledTemplate(domain: "sca.example.org");
        var extension = m["extensions"]![0]!;

        // outlook-addin.md §1: Mailbox 1.8 for getAttachmentContentAsync (the fallback when getAsFileAsync, 1.14, is missing).
        Assert.Equal(["mail"], extension["requirements"]!["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal("Mailbox", (string?)extension["requirements"]!["capabilities"]![0]!["name"]);
        Assert.Equal("1.8", (string?)extension["requirements"]!["capabilities"]![0]!["minVersion"]);

        // §1 (mobile): mailRead is the only context, so the button is on a received email and nowhere else.
        Assert.Equal(["mailRead"], extension["ribbons"]![0]!["contexts"]!.AsArray().Select(c => (string?)c));
        var button = Button(m);
        Assert.Equal("Log WhatsApp concern", (string?)button["label"]);
        var action = extension["runtimes"]!.AsArray()
            .SelectMany(r => r!["actions"]!.AsArray().Select(a => (Runtime: r, Action: a!)))
            .Single(x => (string?)x.Action["id"] == (string?)button["actionId"]);
        Assert.Equal("openPage", (string?)action.Action["type"]);
        Assert.Equal("https://sca.example.org/outlook/taskpane", (string?)action.Runtime["code"]!["page"]);

        // Every icon is one the app serves from wwwroot/outlook, in the sizes Outlook asks for.
        var icons = button["icons"]!.AsArray().Concat(extension["ribbons"]![0]!["tabs"]![0]!["groups"]![0]!["icons"]!.AsArray()).ToList();
        foreach (var icon in icons)
        {
            var url = new Uri((string)icon!["url"]!);
            Assert.Equal("sca.example.org", url.Host);
            var file = Path.Combine(TestPaths.RepositoryRoot, "src", "StaffConductAssistant", "wwwroot", "outlook", Path.GetFileName(url.AbsolutePath));
            var size = (int)icon["size"]!;
            Assert.Equal((size, size), (PngImage.Load(file).Width, PngImage.Load(file).Height));
        }

        // outlook-addin.md §1: deployed from the admin centre, valid alternateIcons let Microsoft generate the add-in only
        // manifest that Outlook builds without unified-manifest support need (64 px, and 128 px for high resolution).
        var alternate = extension["alternates"]![0]!["alternateIcons"]!;
        foreach (var (icon, pixels) in new[] { (alternate["icon"]!, 64), (alternate["highResolutionIcon"]!, 128) })
        {
            var file = Path.Combine(TestPaths.RepositoryRoot, "src", "StaffConductAssistant", "wwwroot", "outlook", Path.GetFileName(new Uri((string)icon["url"]!).AbsolutePath));
            Assert.Equal((pixels, pixels), (PngImage.Load(file).Width, PngImage.Load(file).Height));
        }

        // Reading the open email is the "read item" permission, granted per user (delegated).
        Assert.Contains(m["authorization"]!["permissions"]!["resourceSpecific"]!.AsArray(),
            p => (string?)p!["name"] == "MailboxItem.Read.User" && (string?)p["type"] == "Delegated");
    }

    private static JsonNode Button(JsonNode manifest) =>
        manifest["extensions"]![0]!["ribbons"]![0]!["tabs"]![0]!["groups"]![0]!["controls"]![0]!;
}
