using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>The tabs in a real browser, as SLT and as a teacher; screenshots for docs/screens.</summary>
[Collection(nameof(TabBrowserTests))]
[CollectionDefinition(nameof(TabBrowserTests), DisableParallelization = true)]
public sealed class TabBrowserTests(TabBrowser browser) : IClassFixture<TabBrowser>
{
    private AppHost App => browser.App;

    [Fact]
    public async Task SLT_see_groups_without_a_moderator_first_and_add_one_in_a_few_clicks()
    {
        await App.WithDbAsync(async db =>
        {
            await db.Moderators.ExecuteDeleteAsync();
            db.Moderators.AddRange(
                TabData.Moderator("Nursery Owls", "Hannah Clarke"),
                TabData.Moderator("Reception Robins", "Sam Patel"),
                TabData.Moderator("Year 1 Kingfishers", "Lucy Evans", acknowledged: false),
                TabData.Moderator("Year 2", "Oliver Brown"),
                TabData.Moderator("Year 3", "Grace Wilson"),
                TabData.Moderator("Year 5", "Noah Taylor"),
                TabData.Moderator("Year 5", "Mia Johnson"));
            return await db.SaveChangesAsync();
        });
        var page = await browser.OpenAsync(People.Slt, "/tab/roster");

        var first = page.Locator(".groups > li").First;
        Assert.Equal("Year 4", await first.GetAttributeAsync("data-group"));
        Assert.Contains("2 groups have no moderator", await page.Locator("#missing-summary").InnerTextAsync(), StringComparison.Ordinal);
        await TabBrowser.ScreenshotAsync(page, "roster");

        await page.GetByRole(AriaRole.Button, new() { Name = "Add moderator for Year 4" }).ClickAsync();
        await page.GetByLabel("Parent's name").FillAsync("Emily Carter");
        await page.GetByLabel("Contact (phone or email)").FillAsync("emily.carter@example.org");
        await page.GetByLabel("They have acknowledged the code of conduct").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add moderator", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Added Emily Carter as moderator of Year 4.");
        await Assertions.Expect(page.Locator("#missing-summary")).ToContainTextAsync("1 group has no moderator");
        var added = await App.WithDbAsync(db => db.Moderators.SingleAsync(m => m.ParentName == "Emily Carter"));
        Assert.Equal("Year 4", added.Group);
        Assert.True(added.AcknowledgedCodeOfConduct);
    }

    [Fact]
    public async Task SLT_edit_a_moderator_and_the_change_is_recorded_with_before_and_after()
    {
        await App.WithDbAsync(db => db.Moderators.ExecuteDeleteAsync());
        var moderator = await App.AddAsync(TabData.Moderator("Year 6", "Jack Davies", acknowledged: false));
        var page = await browser.OpenAsync(People.Slt, "/tab/roster");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit Jack Davies, Year 6" }).ClickAsync();
        await page.GetByLabel("They have acknowledged the code of conduct").CheckAsync();
        await page.GetByLabel("Contact (phone or email)").FillAsync("07700 900456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Saved the changes to Jack Davies.");

        await page.Locator("details.history summary").ClickAsync();
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync("code acknowledged");
        var audit = await App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Subject == "moderator:" + moderator.Id));
        Assert.Equal((People.Slt, "roster.edit"), (audit.ActorId, audit.Action));
        Assert.Contains("\"before\"", audit.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("07700 900456", audit.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SLT_import_a_CSV_after_seeing_what_it_will_change()
    {
        await App.WithDbAsync(db => db.Moderators.ExecuteDeleteAsync());
        var existing = await App.AddAsync(TabData.Moderator("Year 2", "Oliver Brown", acknowledged: false));
        var csv = Path.Combine(Path.GetTempPath(), $"roster-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv,
            "Id,Group,Parent name,Contact,Date school told,Code of conduct acknowledged\r\n" +
            $"{existing.Id},Year 2,Oliver Brown,oliver@example.org,2025-09-12,Yes\r\n" +
            ",Year 4,Emily Carter,emily@example.org,15/09/2025,Yes\r\n" +
            ",Year 6,Jack Davies,,,No\r\n");
        var page = await browser.OpenAsync(People.Slt, "/tab/roster");

        await page.Locator("#import-file").SetInputFilesAsync(csv);
        await Assertions.Expect(page.Locator("#import-preview")).ToContainTextAsync("2 to add, 1 to change");
        Assert.Equal(1, await App.WithDbAsync(db => db.Moderators.CountAsync()));
        await TabBrowser.ScreenshotAsync(page, "roster-import-preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 3 changes" }).ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Imported: 2 added, 1 changed.");
        var moderators = await App.WithDbAsync(db => db.Moderators.OrderBy(m => m.Group).ToListAsync());
        Assert.Equal(["Year 2", "Year 4", "Year 6"], moderators.Select(m => m.Group));
        Assert.True(moderators[0].AcknowledgedCodeOfConduct);
        File.Delete(csv);
    }

    [Fact]
    public async Task SLT_open_a_case_from_the_list_and_see_the_email_conduct_proposal_and_history()
    {
        var (overdue, _) = await SeedConcernsAsync();
        var page = await browser.OpenAsync(People.Slt, "/tab/concerns");

        var firstRow = page.Locator("table.concerns tbody tr").First;
        await Assertions.Expect(firstRow).ToContainTextAsync("Overdue");
        await TabBrowser.ScreenshotAsync(page, "concerns");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Concern {overdue.Id}", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync($"Concern {overdue.Id}: Year 4");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Mrs Turner has no idea what she is doing");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("The group should never be used as a platform to air views/grievances");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Waiting for the Headmistress");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Other concerns about Dan Hughes");
        await TabBrowser.ScreenshotAsync(page, "case");
    }

    [Fact]
    public async Task The_overview_shows_counts_and_a_chart_without_names()
    {
        await SeedConcernsAsync();
        var page = await browser.OpenAsync(People.Headmistress, "/tab/overview");

        await Assertions.Expect(page.Locator("table.chart").First).ToBeVisibleAsync();
        var text = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("Dan Hughes", text, StringComparison.Ordinal);
        Assert.Contains("Year 4", text, StringComparison.Ordinal);
        await TabBrowser.ScreenshotAsync(page, "overview");
    }

    [Fact]
    public async Task A_teacher_can_change_nothing_on_the_roster_and_sees_only_their_own_concerns()
    {
        var moderator = await App.AddAsync(TabData.Moderator("Year 3", "Grace Wilson"));
        var (others, mine) = await SeedConcernsAsync();
        var page = await browser.OpenAsync(People.Teacher, "/tab/roster");

        await Assertions.Expect(page.Locator("#read-only")).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("Add moderator|Retire") }).CountAsync());
        Assert.Equal(0, await page.Locator("#import-file").CountAsync());
        await TabBrowser.ScreenshotAsync(page, "roster-teacher");

        // The same calls a changed page would make are refused by the server.
        var put = await page.APIRequest.PutAsync($"{App.BaseAddress}api/tab/roster/moderators/{moderator.Id}", new() { DataObject = new { group = "Year 3", parentName = "Hacked", version = moderator.Version } });
        var other = await page.APIRequest.GetAsync($"{App.BaseAddress}api/tab/concerns/{others.Id}");
        Assert.Equal((int)HttpStatusCode.Forbidden, put.Status);
        Assert.Equal((int)HttpStatusCode.NotFound, other.Status);

        await page.GotoAsync(new Uri(App.BaseAddress, "/tab/concerns").ToString());
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Concerns you logged");
        var links = await page.Locator("table.concerns tbody a").AllInnerTextsAsync();
        Assert.Contains($"Concern {mine.Id}", links);
        Assert.DoesNotContain($"Concern {others.Id}", links);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).CountAsync());
    }

    [Fact]
    public async Task Log_from_an_email_file_fills_the_form_from_the_draft_and_links_to_the_new_case()
    {
        var page = await browser.OpenAsync(People.Teacher, "/tab/log-email");

        // POST /api/email-drafts and POST /api/concerns are the lead's; this test plays them to check the page's side of the contract.
        string? posted = null;
        await page.RouteAsync("**/api/email-drafts", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = DraftJson }));
        await page.RouteAsync("**/api/concerns", route =>
        {
            posted = route.Request.PostData;
            return route.FulfillAsync(new() { Status = 201, ContentType = "application/json", Body = """{"id":77,"url":"/tab/concerns/77"}""" });
        });
        await page.Locator("#email-file").SetInputFilesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"));

        await Assertions.Expect(page.GetByLabel("Parent who posted")).ToHaveValueAsync("Dan Hughes");
        await Assertions.Expect(page.GetByLabel("Class or year group")).ToHaveValueAsync("Year 4");
        await TabBrowser.ScreenshotAsync(page, "log-email");
        await page.GetByLabel("Notes for SLT").FillAsync("Second report this term.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open concern 77" })).ToBeVisibleAsync();
        using var body = JsonDocument.Parse(posted!);
        Assert.Equal("Year 4", body.RootElement.GetProperty("group").GetString());
        Assert.Equal(["grievances-about-people"], body.RootElement.GetProperty("conduct").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Second report this term.", body.RootElement.GetProperty("notes").GetString());
    }

    [Fact]
    public async Task Log_from_an_email_file_end_to_end_creates_the_concern()
    {
        var page = await browser.OpenAsync(People.Teacher, "/tab/log-email");

        await page.Locator("#email-file").SetInputFilesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"));
        await Assertions.Expect(page.GetByLabel("Class or year group")).ToHaveValueAsync("Year 4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();

        await Assertions.Expect(page.Locator("#logged")).ToContainTextAsync("Logged as concern");
        Assert.True(await App.WithDbAsync(db => db.Concerns.AnyAsync(c => c.LoggedByUserId == People.Teacher && c.Group == "Year 4")));
    }

    [Theory]
    [InlineData("/tab/roster", People.Slt)]
    [InlineData("/tab/concerns", People.Slt)]
    [InlineData("/tab/overview", People.Headmistress)]
    [InlineData("/tab/log-email", People.Teacher)]
    [InlineData("/tab/sign-in", People.Teacher)]
    public async Task Every_page_has_no_serious_accessibility_problems_in_light_dark_and_phone_width(string path, string user)
    {
        await SeedConcernsAsync();

        foreach (var (width, scheme) in new[] { (TabBrowser.TeamsWidth, ColorScheme.Light), (390, ColorScheme.Dark) })
        {
            var page = await browser.OpenAsync(user, path, width, scheme);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

            var problems = await TabBrowser.SeriousAccessibilityProblemsAsync(page);

            Assert.True(problems.Count == 0, $"{path} at {width}px ({scheme}):\n" + string.Join('\n', problems));
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_case_page_of_a_case_with_evidence_has_no_serious_accessibility_problems()
    {
        var (overdue, _) = await SeedConcernsAsync();
        var page = await browser.OpenAsync(People.Slt, $"/tab/concerns/{overdue.Id}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var problems = await TabBrowser.SeriousAccessibilityProblemsAsync(page);

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>
    /// Issue 11: on the case page SLT share the case outside SLT with the subject access preview (the same page script as
    /// the parent page's), download it, and see it listed; the parent page's own preview still works.
    /// </summary>
    [Fact]
    public async Task SLT_share_a_case_with_the_police_from_its_page_after_the_redaction_preview_and_see_it_listed()
    {
        var (overdue, _) = await SeedConcernsAsync();
        var parent = await App.AddAsync(Parent.Create("Dan Hughes", "Year 4", null, DateTimeOffset.UtcNow));
        await App.WithDbAsync(db => db.Concerns.Where(c => c.Id == overdue.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.ParentId, parent.Id).SetProperty(c => c.NamedStaffJson, "[\"Mrs Turner\"]")));
        var page = await browser.OpenAsync(People.Slt, $"/tab/concerns/{overdue.Id}");
        var panel = page.Locator("section[aria-label='Shared outside SLT']");
        await Assertions.Expect(panel).ToContainTextAsync("has not been shared outside SLT");

        await panel.GetByLabel("Who is it for? (their name)").FillAsync("PC Jane Marsh");
        await panel.GetByLabel("They are").SelectOptionAsync("Authorities");
        await panel.GetByLabel("Why is it shared?").FillAsync("Referral: possible harassment.");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Preview what will be shared" }).ClickAsync();
        await Assertions.Expect(panel.Locator("#redactions")).ToContainTextAsync("Mrs Turner");
        var download = await page.RunAndWaitForDownloadAsync(() => panel.GetByRole(AriaRole.Button, new() { Name = "Download the ZIP to share" }).ClickAsync());

        Assert.EndsWith(".zip", download.SuggestedFilename, StringComparison.Ordinal);
        await Assertions.Expect(panel.Locator("#disclosures")).ToContainTextAsync("shared with PC Jane Marsh (the authorities)");
        var row = await App.WithDbAsync(db => db.Disclosures.AsNoTracking().SingleAsync(d => d.ConcernId == overdue.Id));
        Assert.Equal(("PC Jane Marsh", RecipientKind.Authorities, "Referral: possible harassment."), (row.RecipientName, row.RecipientKind, row.Purpose));

        var parentPage = await browser.OpenAsync(People.Slt, $"/tab/parents/{parent.Id}");
        await parentPage.GetByRole(AriaRole.Button, new() { Name = "Preview the download" }).ClickAsync();
        await Assertions.Expect(parentPage.Locator("#sar")).ToContainTextAsync("Hidden in the download");
        await Assertions.Expect(parentPage.GetByRole(AriaRole.Button, new() { Name = "Download the ZIP" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
        await parentPage.Context.CloseAsync();
    }

    private const string DraftJson = """
        {"reporter":{"name":"Sarah Jones","email":"sarah.jones@example.org"},"sentAt":"2025-10-02T19:41:00+01:00","group":"Year 4",
         "postedBy":"Dan Hughes","quote":"Mrs Turner has no idea what she is doing with 4T.","conduct":["grievances-about-people"],
         "namedChildren":[],"namedStaff":["Mrs Turner"],"attachments":[{"name":"screenshot.png","contentType":"image/png","size":48213}],
         "warnings":["The group name came from the subject line: please check it."],
         "sources":{"group":"the subject says \"Year 4 WhatsApp group\"","postedBy":"the email says \"Dan Hughes posted\""},"suggestions":[]}
        """;

    /// <summary>An overdue proposal (with the original email), a newer concern about the same parent, and one a teacher logged.</summary>
    private async Task<(Concern Overdue, Concern TeachersOwn)> SeedConcernsAsync()
    {
        await App.WithDbAsync(async db => await db.Concerns.ExecuteDeleteAsync() + await db.AuditEntries.Where(a => a.Subject.StartsWith("concern:")).ExecuteDeleteAsync());
        var mime = await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"));
        var overdue = TabData.Concern("Year 4", "Dan Hughes", People.Slt, CaseState.Proposed, DateTimeOffset.UtcNow.AddDays(-9));
        overdue.Quote = "Mrs Turner has no idea what she is doing with 4T.";
        overdue.ProposedAt = DateTimeOffset.UtcNow.AddDays(-4);
        overdue.ProposalVersion = 1;
        overdue.ProposedByUserId = People.Slt;
        overdue.ProposedResponseIdsJson = """["speak-to-parent","cautionary-notice"]""";
        overdue.ProposalReason = "A first breach, but aimed at a named teacher.";
        overdue.Evidence.Add(new ConcernEvidence { Kind = EvidenceKind.OriginalEmail, FileName = "report.eml", ContentType = "message/rfc822", Size = mime.Length, Sha256 = "x", Content = mime });
        await App.AddAsync(overdue);
        await App.AddAsync(new AuditEntry { At = overdue.LoggedAt, ActorId = People.Slt, ActorRole = "Slt", Action = "Propose", Subject = StaffConductAssistant.Data.AuditSubjects.Case(overdue.Id), FromState = "UnderReview", ToState = "Proposed" });
        await App.AddAsync(TabData.Concern("Year 4", "Dan Hughes", People.OtherTeacher, CaseState.Closed, DateTimeOffset.UtcNow.AddDays(-40), "disrespectful-messages"));
        var mine = await App.AddAsync(TabData.Concern("Nursery Owls", "Chris Green", People.Teacher, CaseState.Logged, DateTimeOffset.UtcNow.AddDays(-1), "commercial-campaign-appeal-links"));
        return (overdue, mine);
    }
}
