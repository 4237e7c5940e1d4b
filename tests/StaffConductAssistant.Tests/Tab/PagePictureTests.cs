using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>
/// Regenerates docs/screens/pages/: every page the app serves (the tabs, the development sign-in and the public pages),
/// at a desktop Teams width and a phone's, in Teams' light, dark and high-contrast themes (the theme Teams passes the
/// tab, set as the page's own applyTheme sets it), with real data in the app's database.
/// </summary>
[Collection(nameof(TabBrowserTests))]
public sealed class PagePictureTests(TabBrowser browser) : IClassFixture<TabBrowser>
{
    public const int PhoneWidth = 390;

    private static readonly (string Theme, string Suffix)[] Themes = [("light", string.Empty), ("dark", "-dark"), ("contrast", "-contrast")];

    private AppHost App => browser.App;

    public static string Folder => Path.Combine(TabBrowser.ScreensFolder, "pages");

    [Fact]
    public async Task Every_page_is_drawn_in_both_widths_and_three_themes_to_docs_screens_pages()
    {
        var (caseId, parentId) = await SeedAsync();
        var pages = new (string Name, string Path, string User, string Expect)[]
        {
            ("home", "/", People.Teacher, "Staff Conduct Assistant"),
            ("policy", "/policy", People.Teacher, "WhatsApp"),
            ("privacy", "/privacy", People.Teacher, "Privacy notice"),
            ("terms", "/terms", People.Teacher, "Terms of use"),
            ("sign-in", "/tab/sign-in", People.Teacher, "Choose a test user"),
            ("roster", "/tab/roster", People.Slt, "Year 4"),
            ("concerns", "/tab/concerns", People.Slt, "Dan Hughes"),
            ("case", $"/tab/concerns/{caseId}", People.Slt, "Mrs Turner has no idea"),
            ("parent", $"/tab/parents/{parentId}", People.Slt, "Dan Hughes"),
            ("overview", "/tab/overview", People.Headmistress, "Year 4"),
            ("log-email", "/tab/log-email", People.Teacher, "email"),
            ("audit", "/tab/audit", People.Slt, "Audit trail"),
            ("letters", "/tab/letters", People.Slt, "Letters"),
            ("site-bans", "/tab/site-bans", People.Slt, "Lee Morgan"),
        };

        Directory.CreateDirectory(Folder);
        var heights = new Dictionary<string, int>();
        foreach (var (name, path, user, expect) in pages)
        {
            foreach (var (width, widthSuffix) in new[] { (TabBrowser.TeamsWidth, string.Empty), (PhoneWidth, "-phone") })
            {
                foreach (var (theme, themeSuffix) in Themes)
                {
                    var page = await browser.OpenAsync(user, path, width, theme == "dark" ? ColorScheme.Dark : ColorScheme.Light, "Europe/London");
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    await Assertions.Expect(page.Locator("main")).ToContainTextAsync(expect, new() { IgnoreCase = true });
                    await page.EvaluateAsync("t => { document.documentElement.dataset.theme = t; }", theme);

                    // A page wider than the screen would scroll sideways on a phone: none may.
                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                    Assert.True(overflow <= 0, $"{path} at {width}px is {overflow}px wider than the screen");

                    var file = name + widthSuffix + themeSuffix;
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, file + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
                    heights[file] = await page.EvaluateAsync<int>("() => Math.ceil(document.documentElement.scrollHeight)");
                    await page.Context.CloseAsync();
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(Folder, "README.md"), Table(pages.Select(p => (p.Name, p.Path)), heights));
    }

    private static string Table(IEnumerable<(string Name, string Path)> pages, Dictionary<string, int> heights)
    {
        var text = new StringBuilder();
        text.AppendLine("# Page pictures");
        text.AppendLine();
        text.AppendLine("Drawn by `PagePictureTests` (`dotnet test --filter \"FullyQualifiedName~PagePictureTests\"`) in Chromium from the running app, signed in");
        text.AppendLine("through the development sign-in, with Teams' theme set on the page as the tab sets it from Teams.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Desktop: {TabBrowser.TeamsWidth} px wide; phone: {PhoneWidth} px. Heights in CSS pixels: the whole page, at least the 900 px window.");
        text.AppendLine();
        text.AppendLine("| Page | Address | Desktop | Phone | Pictures |");
        text.AppendLine("|---|---|---:|---:|---|");
        foreach (var (name, path) in pages)
        {
            var links = string.Join(" ", new[] { string.Empty, "-phone" }.SelectMany(w => Themes.Select(t => w + t.Suffix))
                .Select(s => $"[{(s.Length == 0 ? "desktop" : s[1..])}]({name}{s}.png)"));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | `{path}` | {heights[name]} | {heights[name + "-phone"]} | {links} |");
        }

        return text.ToString();
    }

    /// <summary>A roster, a parent with two concerns (one waiting too long for a decision, with its email), a teacher's own, and a confirmed site ban.</summary>
    private async Task<(int CaseId, int ParentId)> SeedAsync()
    {
        await App.WithDbAsync(async db => await db.Concerns.ExecuteDeleteAsync() + await db.Moderators.ExecuteDeleteAsync());
        await App.AddAsync(TabData.Moderator("Year 3", "Grace Wilson"));
        await App.AddAsync(TabData.Moderator("Year 5", "Noah Taylor", acknowledged: false));
        var parent = await App.AddAsync(Parent.Create("Dan Hughes", "Year 4", "dan.hughes@example.org", DateTimeOffset.UtcNow.AddDays(-40)));
        var mime = await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"));
        var proposed = TabData.Concern("Year 4", "Dan Hughes", People.Slt, CaseState.Proposed, DateTimeOffset.UtcNow.AddDays(-9));
        proposed.ParentId = parent.Id;
        proposed.Quote = "Mrs Turner has no idea what she is doing with 4T.";
        proposed.ProposedAt = DateTimeOffset.UtcNow.AddDays(-4);
        proposed.ProposalVersion = 1;
        proposed.ProposedByUserId = People.Slt;
        proposed.ProposedResponseIdsJson = """["speak-to-parent","cautionary-notice"]""";
        proposed.ProposalReason = "A first breach, but aimed at a named teacher.";
        proposed.Evidence.Add(new ConcernEvidence { Kind = EvidenceKind.OriginalEmail, FileName = "report.eml", ContentType = "message/rfc822", Size = mime.Length, Sha256 = "x", Content = mime });
        await App.AddAsync(proposed);
        var closed = TabData.Concern("Year 4", "Dan Hughes", People.OtherTeacher, CaseState.Closed, DateTimeOffset.UtcNow.AddDays(-40), "disrespectful-messages");
        closed.ParentId = parent.Id;
        await App.AddAsync(closed);
        await App.AddAsync(TabData.Concern("Nursery Owls", "Chris Green", People.Teacher, CaseState.Logged, DateTimeOffset.UtcNow.AddDays(-1), "commercial-campaign-appeal-links"));
        var banned = TabData.Concern("Year 6", "Lee Morgan", People.Slt, CaseState.ActionsInProgress, DateTimeOffset.UtcNow.AddDays(-20), "threatening-behaviour");
        banned.SiteBan = new SiteBan
        {
            State = SiteBanState.Confirmed,
            Scope = "the school site at Priory Road",
            StartedAt = DateTimeOffset.UtcNow.AddDays(-18),
            RepresentationsBy = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-4)),
            ReviewOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)),
            Until = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(120)),
            DeciderUserId = People.Headmistress,
            UpdatedAt = DateTimeOffset.UtcNow.AddDays(-2),
        };
        await App.AddAsync(banned);
        return (proposed.Id, parent.Id);
    }
}
