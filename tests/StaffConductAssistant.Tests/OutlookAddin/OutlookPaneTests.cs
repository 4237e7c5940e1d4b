using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.OutlookAddin;

/// <summary>
/// "Log WhatsApp concern" in Outlook: the app's task pane in Chromium, in the stand-in Outlook host, against the app in
/// its production shape (real signed tokens, the Teams connector and Graph on loopback).
/// </summary>
[Collection(nameof(OutlookPaneTests))]
[CollectionDefinition(nameof(OutlookPaneTests), DisableParallelization = true)]
public sealed class OutlookPaneTests(PaneBrowser browser) : IClassFixture<PaneBrowser>, IAsyncLifetime
{
    private SignedBotApp app = null!;
    private TeamsMessageAction teams = null!;

    public async Task InitializeAsync()
    {
        app = await SignedBotApp.StartAsync();
        teams = new TeamsMessageAction(app);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static Task<string[]> CallsAsync(IPage page) => page.EvaluateAsync<string[]>("() => window.__outlookStandIn.calls");

    [Fact]
    public async Task A_teacher_logs_the_parents_email_from_Outlook_and_SLT_get_the_card_in_Teams()
    {
        await teams.SetSltChannelAsync();
        var host = new StandInHost { NaaToken = app.UserToken(SignedBotApp.TeacherId) };
        var page = await host.OpenAsync(browser.Browser, app.App, "01-staff-criticism-year4.eml");

        await Assertions.Expect(page.GetByLabel("Class or year group")).ToHaveValueAsync("Year 4", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByLabel("Parent who posted")).ToHaveValueAsync("Daniel Price");
        await Assertions.Expect(page.GetByLabel("Reported by (name)")).ToHaveValueAsync("Hannah Okafor");
        await TabBrowser.ScreenshotAsync(page, "outlook-pane");
        await page.GetByLabel("Notes for SLT").FillAsync("She emailed me directly.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();

        await Assertions.Expect(page.Locator("#logged")).ToContainTextAsync("Logged as concern 1");
        var calls = await CallsAsync(page);
        Assert.Contains("getAsFileAsync", calls);
        Assert.Contains("naa:GetToken", calls);
        Assert.DoesNotContain("getAccessToken", calls);
        Assert.DoesNotContain("getAttachmentContentAsync", calls);

        var concern = await app.App.WithDbAsync(db => db.Concerns.Include(c => c.Evidence).SingleAsync());
        Assert.Equal((CaseState.Logged, "Year 4", SignedBotApp.TeacherId), (concern.State, concern.Group, concern.LoggedByUserId));
        Assert.Equal("She emailed me directly.", concern.Notes);
        var original = Assert.Single(concern.Evidence, e => e.Kind == EvidenceKind.OriginalEmail);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml")), original.Content);

        await app.DrainOutboxAsync();
        var card = Assert.Single(app.Connector.Requests, r => r.Method == "POST" && r.Path.Contains("19%3Aslt%40thread.tacv2", StringComparison.Ordinal) && r.Json?["attachments"] is not null);
        await AdaptiveCardValidator.AssertValidAsync(card.Json!["attachments"]![0]!["content"]!.ToJsonString());
        Assert.Contains("Year 4", card.Body, StringComparison.Ordinal);

        // The same email through Teams' message action now says it is logged already.
        var again = await teams.FetchFormAsync(teams.AddEmailedPost("01-staff-criticism-year4.eml"), "<p>Preview</p>");
        Assert.Contains("Already logged", again.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task Where_the_mailbox_cannot_give_the_file_the_email_is_rebuilt_from_its_fields_and_Office_SSO_signs_in()
    {
        // Mailbox 1.8 (no getAsFileAsync) and no nested app authentication: the fallbacks on both counts.
        var host = new StandInHost { Mailbox = "1.8", SsoToken = app.UserToken(SignedBotApp.TeacherId) };
        var page = await host.OpenAsync(browser.Browser, app.App, "06-forward-as-attachment-year1.eml");

        // The parent's email was forwarded as an attachment: the innermost author is the parent, as from the file.
        await Assertions.Expect(page.GetByLabel("Class or year group")).ToHaveValueAsync("Year 1 Kingfishers", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByLabel("Parent who posted")).ToHaveValueAsync("Steve Rowe and Imran Malik");
        await Assertions.Expect(page.GetByLabel("Reported by (name)")).ToHaveValueAsync("Anna Kowalska");

        // A concern is about one parent (issue 11): two in the field are refused, nothing is logged, and one name logs it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();
        await Assertions.Expect(page.GetByText("This names 2 parents")).ToBeVisibleAsync();
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
        await page.GetByLabel("Parent who posted").FillAsync("Steve Rowe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();
        await Assertions.Expect(page.Locator("#logged")).ToContainTextAsync("Logged as concern 1");

        var calls = await CallsAsync(page);
        Assert.DoesNotContain("getAsFileAsync", calls);
        Assert.Contains("getAttachmentContentAsync", calls);
        Assert.Contains("getAccessToken", calls);
        Assert.DoesNotContain(calls, c => c.StartsWith("naa:", StringComparison.Ordinal));
        var concern = await app.App.WithDbAsync(db => db.Concerns.Include(c => c.Evidence).SingleAsync());
        var inner = (await StandInHost.InnerMessageIdAsync("06-forward-as-attachment-year1.eml"))!;
        Assert.Equal(inner, concern.EmailMessageId);
        Assert.Contains(concern.Evidence, e => e.Kind == EvidenceKind.OriginalEmail && e.ContentType == "message/rfc822");
    }

    [Fact]
    public async Task An_email_already_logged_from_Teams_shows_its_case_state_and_link_and_is_not_logged_again()
    {
        var form = await teams.FetchFormAsync(teams.AddEmailedPost("03-threatening-language-year6.eml"), "<p>Preview</p>");
        Assert.Contains("Logged as concern #1", (await teams.SubmitAsync(TeamsMessageAction.Inputs(form))).ToJsonString(), StringComparison.Ordinal);

        foreach (var host in new[] { new StandInHost { NaaToken = app.UserToken(SignedBotApp.TeacherId) }, new StandInHost { Mailbox = "1.8", NaaToken = app.UserToken(SignedBotApp.TeacherId) } })
        {
            var page = await host.OpenAsync(browser.Browser, app.App, "03-threatening-language-year6.eml");

            await Assertions.Expect(page.Locator("#already-logged h2")).ToHaveTextAsync("Already logged as concern 1", new() { Timeout = 15_000 });
            await Assertions.Expect(page.Locator("#already-logged")).ToContainTextAsync("Where it is now: New");
            var link = page.GetByRole(AriaRole.Link, new() { Name = "Open concern 1" });
            Assert.Equal(new Uri(app.App.BaseAddress, "tab/concerns/1").ToString(), await link.GetAttributeAsync("href"));
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).CountAsync());
            await page.Context.CloseAsync();
        }

        Assert.Equal(1, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task An_email_logged_from_Teams_while_the_pane_is_open_is_not_logged_twice()
    {
        var host = new StandInHost { NaaToken = app.UserToken(SignedBotApp.TeacherId) };
        var page = await host.OpenAsync(browser.Browser, app.App, "02-forwarded-private-message-reception.eml");
        await Assertions.Expect(page.GetByLabel("Class or year group")).ToHaveValueAsync("Reception Robins", new() { Timeout = 15_000 });

        // A colleague logs the same email from Teams before this teacher presses the button.
        var form = await teams.FetchFormAsync(teams.AddEmailedPost("02-forwarded-private-message-reception.eml"), "<p>Preview</p>");
        await teams.SubmitAsync(TeamsMessageAction.Inputs(form));
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Already logged as concern 1" })).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("already logged as concern 1");
        Assert.Equal(1, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task When_sign_in_fails_the_pane_says_what_to_ask_IT_for_and_reads_nothing()
    {
        var refused = new StandInHost { NaaError = "PERSISTENT_ERROR", SsoError = 13005 };
        var otherTenant = new StandInHost { NaaToken = app.UserToken(SignedBotApp.TeacherId, tenant: "99999999-2222-3333-4444-555555555555") };
        var wrongAudience = new StandInHost { Mailbox = "1.8", SsoToken = app.UserToken(SignedBotApp.TeacherId, audience: "00000000-0000-0000-0000-00000000ffff") };

        foreach (var (host, said) in new[] { (refused, "Nested app authentication"), (otherTenant, "The app: 401"), (wrongAudience, "The app: 401") })
        {
            var page = await host.OpenAsync(browser.Browser, app.App, "01-staff-criticism-year4.eml");
            var drafts = 0;
            page.Request += (_, request) => drafts += request.Url.Contains("/api/email-drafts", StringComparison.Ordinal) ? 1 : 0;

            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signing in did not work" })).ToBeFocusedAsync(new() { Timeout = 15_000 });
            var text = await page.Locator("main").InnerTextAsync();
            Assert.Contains("Admin consent", text, StringComparison.Ordinal);
            Assert.Contains("brk-multihub://" + app.App.BaseAddress.Authority, text, StringComparison.Ordinal);
            Assert.Contains(TestTokenIssuer.DefaultAppId, text, StringComparison.Ordinal);
            Assert.Contains(said, text, StringComparison.Ordinal);
            if (host == refused)
            {
                await TabBrowser.ScreenshotAsync(page, "outlook-pane-sign-in-failed");
            }

            Assert.Equal(0, drafts);
            Assert.DoesNotContain("getAsFileAsync", await CallsAsync(page));
            await page.Context.CloseAsync();
        }

        Assert.Equal(0, await app.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
    }

    [Fact]
    public async Task The_pane_works_by_keyboard_alone_at_task_pane_width_in_light_and_dark()
    {
        foreach (var (background, theme, width) in new[] { ("#1f1f1f", "dark", 350), ("#ffffff", "light", 320) })
        {
            var host = new StandInHost { NaaToken = app.UserToken(SignedBotApp.TeacherId), BodyBackground = background };
            var page = await host.OpenAsync(browser.Browser, app.App, "04-commercial-links-nursery.eml", width);
            await Assertions.Expect(page.GetByLabel("Class or year group")).ToHaveValueAsync("Nursery Owls", new() { Timeout = 15_000 });

            Assert.Equal(theme, await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"), $"The pane scrolls sideways at {width}px.");
            var problems = await TabBrowser.SeriousAccessibilityProblemsAsync(page);
            Assert.True(problems.Count == 0, $"{theme} at {width}px:\n" + string.Join('\n', problems));
            if (theme == "dark")
            {
                await TabBrowser.ScreenshotAsync(page, "outlook-pane-dark");
            }

            // Last, so the dark pass still finds the email not yet logged.
            if (theme == "light")
            {
                // From the form's heading (focused when it opens), Tab reaches each field in turn and then the button.
                // This email has no quote the reader could pick out, so the teacher types it; Enter logs.
                await Assertions.Expect(page.Locator("#form-title")).ToBeFocusedAsync();
                await TabToAsync(page, "() => document.activeElement.name === 'quote'");
                await page.Keyboard.TypeAsync("A link to her business with a discount code");
                await TabToAsync(page, "() => document.activeElement.textContent === 'Log the concern'");
                await page.Keyboard.PressAsync("Enter");
                await Assertions.Expect(page.Locator("#logged h2")).ToBeFocusedAsync();
                await Assertions.Expect(page.Locator("#logged")).ToContainTextAsync("Logged as concern 1");
            }

            await page.Context.CloseAsync();
        }

        Assert.Equal(1, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    private static async Task TabToAsync(IPage page, string isThere)
    {
        for (var presses = 0; !await page.EvaluateAsync<bool>(isThere); presses++)
        {
            Assert.True(presses < 60, "Tab never got there: " + isThere);
            await page.Keyboard.PressAsync("Tab");
        }
    }
}
