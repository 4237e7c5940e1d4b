using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>
/// The site ban in a real browser: SLT find it on the Site bans page and record the parent's reply with their file on
/// the case page; the Headmistress reviews it there. A provisional ban is the starting point, as an approval leaves it.
/// </summary>
[Collection(nameof(TabBrowserTests))]
public sealed class SiteBanBrowserTests(TabBrowser browser) : IClassFixture<TabBrowser>
{
    private AppHost App => browser.App;

    [Fact]
    public async Task SLT_record_a_representation_with_a_file_on_the_case_page_and_the_Headmistress_confirms_the_ban_there()
    {
        var concern = TabData.Concern("Year 3", "Carl Webb", People.Teacher, CaseState.ActionsInProgress);
        concern.ProposedResponseIdsJson = "[\"site-ban\"]";
        concern.ProposedByUserId = People.Slt;
        concern.DecidedByUserId = People.Headmistress;
        concern.DecidedByRole = StaffRole.Headmistress;
        concern.DecidedAt = DateTimeOffset.UtcNow.AddDays(-1);
        var today = SchoolTime.Today(DateTimeOffset.UtcNow);
        concern.SiteBan = new SiteBan
        {
            Scope = "the school site",
            StartedAt = DateTimeOffset.UtcNow.AddDays(-1),
            RepresentationsBy = today.AddDays(13),
            DeciderUserId = People.Headmistress,
            UpdatedAt = DateTimeOffset.UtcNow,
            Steps = [new SiteBanStep { To = SiteBanState.Provisional, At = DateTimeOffset.UtcNow.AddDays(-1), ByUserId = People.Headmistress, ByName = "Mrs Michelle Jenkin", ByRole = StaffRole.Headmistress }],
        };
        await App.AddAsync(concern);

        var list = await browser.OpenAsync(People.Slt, "/tab/site-bans");
        await Assertions.Expect(list.Locator("#site-bans")).ToContainTextAsync("Carl Webb");
        await Assertions.Expect(list.Locator("#nav")).ToContainTextAsync("Site bans");
        await list.GetByRole(AriaRole.Link, new() { Name = "Carl Webb" }).ClickAsync();

        await Assertions.Expect(list.Locator("#site-ban")).ToContainTextAsync("Provisional");
        await list.GetByLabel("What the parent said").FillAsync("Mr Webb says he was provoked, and apologises.");
        await list.GetByLabel("Their letter or email").SetInputFilesAsync(new FilePayload { Name = "webb-reply.txt", MimeType = "text/plain", Buffer = "I apologise."u8.ToArray() });
        await list.GetByRole(AriaRole.Button, new() { Name = "Record the representation" }).ClickAsync();
        await Assertions.Expect(list.Locator("#status")).ToContainTextAsync("The representation is recorded");
        await Assertions.Expect(list.Locator("#site-ban")).ToContainTextAsync("The parent's representations recorded");
        var ban = await App.WithDbAsync(db => db.SiteBans.AsNoTracking().Include(b => b.Steps).SingleAsync(b => b.ConcernId == concern.Id));
        Assert.Equal(SiteBanState.UnderReview, ban.State);
        var file = await App.WithDbAsync(db => db.Evidence.AsNoTracking().SingleAsync(e => e.ConcernId == concern.Id && e.Kind == EvidenceKind.Representation));
        Assert.Equal("webb-reply.txt", file.FileName);

        var page = await browser.OpenAsync(People.Headmistress, $"/tab/concerns/{concern.Id}");
        await Assertions.Expect(page.Locator("#review")).ToBeVisibleAsync();
        await page.GetByLabel("Your reasons").FillAsync("The apology is welcome, but the conduct was serious.");
        await page.GetByLabel("If you confirm it").FillAsync(today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        // Without a last day nothing changes, and she is told why; then she gives one (#site-ban-until).
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the ban" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Choose the last day of the ban");
        Assert.Equal(SiteBanState.UnderReview, (await App.WithDbAsync(db => db.SiteBans.AsNoTracking().SingleAsync(b => b.ConcernId == concern.Id))).State);
        var last = today.AddDays(90);
        await page.GetByLabel("Last day of the ban").FillAsync(last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm the ban" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("The ban is confirmed until");
        await Assertions.Expect(page.Locator("#site-ban")).ToContainTextAsync("Confirmed after review");
        await Assertions.Expect(page.Locator("#site-ban")).ToContainTextAsync("Banned until " + last.ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")));
        var confirmed = await App.WithDbAsync(db => db.SiteBans.AsNoTracking().SingleAsync(b => b.ConcernId == concern.Id));
        Assert.Equal((SiteBanState.Confirmed, last), (confirmed.State, confirmed.Until));

        // The list says until when.
        var bans = await browser.OpenAsync(People.Slt, "/tab/site-bans");
        await Assertions.Expect(bans.Locator("#site-bans")).ToContainTextAsync("Banned until " + last.ToString("dddd d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB")));
    }

    [Fact]
    public async Task SLT_press_Try_sending_again_on_a_site_ban_letter_that_failed_and_it_goes()
    {
        // Where the outbox's last attempt leaves a letter Graph refused (SiteBanLetterRetryTests reach it through Graph).
        var concern = TabData.Concern("Year 5", "Kim Ford", People.Teacher, CaseState.ActionsInProgress);
        concern.ProposedResponseIdsJson = "[\"site-ban\"]";
        concern.ProposedByUserId = People.Slt;
        concern.DecidedByUserId = People.Headmistress;
        concern.DecidedByRole = StaffRole.Headmistress;
        concern.DecidedAt = DateTimeOffset.UtcNow.AddDays(-20);
        var today = SchoolTime.Today(DateTimeOffset.UtcNow);
        concern.SiteBan = new SiteBan
        {
            State = SiteBanState.Confirmed,
            Scope = "the school site",
            StartedAt = DateTimeOffset.UtcNow.AddDays(-20),
            RepresentationsBy = today.AddDays(-6),
            ReviewOn = today.AddDays(30),
            Until = today.AddDays(60),
            DeciderUserId = People.Headmistress,
            UpdatedAt = DateTimeOffset.UtcNow,
            Steps =
            [
                new SiteBanStep { To = SiteBanState.Provisional, At = DateTimeOffset.UtcNow.AddDays(-20), ByUserId = People.Headmistress, ByName = "Mrs Michelle Jenkin", ByRole = StaffRole.Headmistress },
                new SiteBanStep
                {
                    Action = SiteBanAction.Confirm, To = SiteBanState.Confirmed, At = DateTimeOffset.UtcNow.AddDays(-1), ByUserId = People.Headmistress, ByName = "Mrs Michelle Jenkin",
                    ByRole = StaffRole.Headmistress, Text = "Serious abuse.", ReviewOn = today.AddDays(30), Until = today.AddDays(60),
                    LetterTemplateId = "site-ban-confirmed", LetterText = "Dear Kim Ford,\n\nThe ban continues.\n\nMrs Michelle Jenkin\nHeadmistress",
                    LetterStatus = ActionStatus.Failed, LetterDetail = "the email could not be sent. \"Try sending again\", or print the letter for the School Office to post",
                },
            ],
        };
        await App.AddAsync(concern);

        var page = await browser.OpenAsync(People.Slt, $"/tab/concerns/{concern.Id}");
        await Assertions.Expect(page.Locator("#site-ban")).ToContainTextAsync("the email could not be sent");
        await page.Locator("#site-ban").GetByRole(AriaRole.Button, new() { Name = "Try sending again" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("Sending the letter again");

        var status = ActionStatus.Failed;
        for (var i = 0; i < 100 && status != ActionStatus.Done; i++)
        {
            await Task.Delay(100);
            status = (await App.WithDbAsync(db => db.SiteBanSteps.AsNoTracking().SingleAsync(s => s.SiteBanId == concern.SiteBan.Id && s.Action == SiteBanAction.Confirm))).LetterStatus!.Value;
        }

        Assert.Equal(ActionStatus.Done, status);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#site-ban")).ToContainTextAsync("Banned until");
        await Assertions.Expect(page.Locator("#site-ban").GetByRole(AriaRole.Button, new() { Name = "Try sending again" })).ToHaveCountAsync(0);

        // A teacher's page has no such button (the case is not theirs to see, or the rule says no).
        var teacher = await browser.OpenAsync(People.OtherTeacher, $"/tab/concerns/{concern.Id}");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Button, new() { Name = "Try sending again" })).ToHaveCountAsync(0);
    }
}
