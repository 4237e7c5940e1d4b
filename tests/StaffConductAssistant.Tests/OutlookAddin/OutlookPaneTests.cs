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

    private static string[] Calls(IPage page) => page.EvaluateAsync<string[]>("() => window.__outlookStandIn.calls").GetAwaiter().GetResult();

    [Fact]
    public async Task A_teacher_logs_the_parents_email_from_Outlook_and_SLT_get_the_card_in_Teams()
    {
        await teams.SetSltChannelAsync();
        var host = new StandInHost { NaaToken = app.UserToken(SignedBotApp.TeacherId) };
        var page = await host.OpenAsync(browser.Browser, app, "01-staff-criticism-year4.eml");

        await Assertions.Expect(page.GetByLabel("Class or year group")).ToHaveValueAsync("Year 4", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByLabel("Parent who posted")).ToHaveValueAsync("Daniel Price");
        await Assertions.Expect(page.GetByLabel("Reported by (name)")).ToHaveValueAsync("Hannah Okafor");
        await TabBrowser.ScreenshotAsync(page, "outlook-pane");
        await page.GetByLabel("Notes for SLT").FillAsync("She emailed me directly.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log the concern" }).ClickAsync();

        await Assertions.Expect(page.Locator("#logged")).ToContainTextAsync("Logged as concern 1");
        var calls = Calls(page);
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
}
