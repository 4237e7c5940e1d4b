using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MimeKit;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.SiteBans;
using StaffConductAssistant.Features.Tasks;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Policy;
using StaffConductAssistant.Tests.Infrastructure;

using static StaffConductAssistant.Tests.Playground.PlaygroundCards;

namespace StaffConductAssistant.Tests.Playground;

/// <summary>
/// Issue 12's "Done when", its last part, as the school's staff would walk it with the app in local mode (no mailbox,
/// no Graph): in the Agents Playground SLT (Alex Wilber) propose a site ban from the case card and the Headmistress
/// (Megan Bowen) approves it from hers; the provisional letter appears as an .eml in the outbox folder; SLT follow the
/// card's "Record the parent's reply" to the case page in Chromium (a card cannot take a file; in Teams the link opens
/// the Concerns tab) and record the parent's reply with their letter attached; the Headmistress is sent the case to
/// review and confirms the ban from that card; the confirmed letter appears with the review date; SLT's card shows the
/// ban confirmed and the Site bans page lists the parent. Nothing is seeded: every state comes from a person's click.
/// </summary>
[Collection(PlaygroundTestGroup.Name)]
public sealed class SiteBanPlaygroundTests : IAsyncLifetime, IDisposable
{
    /// <summary>Generous: two node processes, Kestrel and Chromium share two loaded cores.</summary>
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    private AppHost app = null!;
    private PlaygroundInstance slt = null!;
    private PlaygroundInstance head = null!;
    private IPlaywright playwright = null!;
    private IBrowser browser = null!;

    private string Outbox => Path.Combine(app.DataDirectory, "outbox");

    public async Task InitializeAsync()
    {
        app = SltAndHead.StartApp();
        (slt, head) = await SltAndHead.StartPlaygroundsAsync(app);
        playwright = await Playwright.CreateAsync();
        browser = await CardPictures.LaunchChromiumAsync(playwright);
    }

    /// <summary>The browser and the playgrounds first (xUnit calls this before <see cref="Dispose"/>), then the app they talk to.</summary>
    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (slt is not null)
        {
            await slt.DisposeAsync();
        }

        if (head is not null)
        {
            await head.DisposeAsync();
        }
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_site_ban_proposed_and_approved_on_cards_is_heard_on_the_case_page_confirmed_from_the_Headmistress_card_and_listed_on_the_Site_bans_page()
    {
        await slt.InstallAsync();
        await head.InstallAsync();
        await slt.WaitForAsync(e => e.Action == "createMessage", Slow, "the welcome");
        await head.WaitForAsync(e => e.Action == "createMessage", Slow, "the welcome");

        // Alex logs the emailed concern (a father threatening the PE teacher) from the message's "..." menu.
        var form = await OpenLogFormAsync(slt, "emailed-post-ban", "03-threatening-language-year6.eml");
        await slt.InvokeAsync("composeExtension/submitAction", new JsonObject { ["commandId"] = "logConcern", ["commandContext"] = "message", ["data"] = FormData(form) });
        var logged = await slt.WaitForAsync(e => e.Action == "createMessage" && Mentions(e, "WhatsApp concern #1"), Slow, "the concern card");
        var parent = await app.WithDbAsync(db => db.Concerns.AsNoTracking().Select(c => c.PostedBy).SingleAsync());

        // He proposes a site ban with its provisional letter: "Fill in the letter" fills it from the case, and he
        // writes the conduct and the arrangements for the child where the template asks him to.
        var reviewForm = (await slt.ExecuteAsync(logged.MessageId, "refreshCase", ButtonData(logged.Card!, null)))?["value"] as JsonObject
            ?? throw new Xunit.Sdk.XunitException("No proposal form");
        var choose = new Dictionary<string, string>
        {
            ["responses"] = ResponseIds.SiteBan,
            ["reason"] = "A threat to confront the PE teacher at pick-up; staff must be safe at the gate.",
            ["letterTemplate"] = SiteBanHandler.ProvisionalTemplate,
        };
        var filled = (await slt.ExecuteAsync(logged.MessageId, "fillLetter", Press(reviewForm, "fillLetter", choose)))?["value"] as JsonObject
            ?? throw new Xunit.Sdk.XunitException("No filled-in form");
        const string Conduct = "you wrote that you would be \"having a word at pick up\" with the PE teacher and that \"someone needs to sort him out\"";
        var letter = Input(filled, "letterText") ?? throw new Xunit.Sdk.XunitException("The form has no letter.");
        Assert.Contains("[describe what was posted, in plain words]", letter, StringComparison.Ordinal);
        letter = letter
            .Replace("[describe what was posted, in plain words]", Conduct, StringComparison.Ordinal)
            .Replace("[describe them]", "your child will be brought to and from the School Office by a member of staff", StringComparison.Ordinal);
        var proposed = await slt.ExecuteAsync(logged.MessageId, "propose", Press(filled, "propose", new Dictionary<string, string>(choose) { ["letterText"] = letter }));
        Assert.Contains("Sent to the Headmistress", Json(proposed), StringComparison.Ordinal);

        // Megan approves from her decision card.
        var decision = await head.WaitForAsync(e => e.Action == "createMessage" && Verbs(e.Card).Contains("approve"), Slow, "her decision card");
        var approved = await head.ExecuteAsync(decision.MessageId, "approve", Press(decision.Card!, "approve", new Dictionary<string, string>()));
        Assert.Contains("Approved. Everyone", Json(approved), StringComparison.Ordinal);

        // The provisional letter is written to outbox/ beside the database: the conduct, and the date for
        // representations, 10 school days on.
        var representationsBy = TaskHandler.Day(SchoolDays.Add(SchoolTime.Today(DateTimeOffset.UtcNow), 10));
        var provisional = await NewLetterAsync([], "the provisional ban letter");
        Assert.Contains(Conduct, provisional.Text, StringComparison.Ordinal);
        Assert.Contains($"by {representationsBy}", provisional.Text, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen", provisional.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("{", provisional.Text, StringComparison.Ordinal);

        // SLT's card shows the ban provisional, the Headmistress's review task, and the way to record the reply.
        var banned = await slt.WaitForAsync(
            e => e.Action == "updateMessage" && e.MessageId == logged.MessageId && Mentions(e, "Provisional: waiting for the parent's representations") && OpenUrl(e.Card, "Record the parent's reply") is not null,
            Slow, "the card with the provisional ban");
        Assert.Contains($"representations close on {representationsBy}", Json(banned.Card), StringComparison.Ordinal);
        Assert.Contains("Review the site ban: confirm it or lift it", Json(banned.Card), StringComparison.Ordinal);

        // The card's copy of the letter reads as it was sent, dates filled in, and its history in plain words.
        Assert.Contains($"by {representationsBy}", Json(banned.Card), StringComparison.Ordinal);
        Assert.DoesNotContain("{representationsBy}", Json(banned.Card), StringComparison.Ordinal);
        Assert.DoesNotContain("{scope}", Json(banned.Card), StringComparison.Ordinal);
        Assert.Contains("Headmistress banned the parent from the site provisionally", Json(banned.Card), StringComparison.Ordinal);

        // Alex follows "Record the parent's reply". In Teams it opens the Concerns tab; here it opens the case page in
        // a browser, which asks for a test user (the development sign-in) and comes back to the case.
        var reply = OpenUrl(banned.Card, "Record the parent's reply")!;
        var concernId = await app.WithDbAsync(db => db.Concerns.Select(c => c.Id).SingleAsync());
        Assert.Equal($"/tab/concerns/{concernId.ToString(CultureInfo.InvariantCulture)}", reply.AbsolutePath);
        var page = await OpenAsAsync(reply, "Alex Wilber");
        var siteBan = page.Locator("#site-ban");
        await Assertions.Expect(siteBan).ToContainTextAsync("Provisional", new() { Timeout = 30_000 });

        // For a school that posts its letters: the printable page says what the .eml says.
        var printed = await page.RunAndWaitForPopupAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Print the approved letter" }).ClickAsync(), new() { Timeout = 30_000 });
        await Assertions.Expect(printed.Locator("body")).ToContainTextAsync($"by {representationsBy}", new() { Timeout = 30_000 });
        Assert.DoesNotContain("{", await printed.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        await printed.CloseAsync();

        const string Said = "Mr Mercer says he was angry about the team selection, did not mean a threat, and apologises to Mr Hughes.";
        await page.GetByLabel("What the parent said").FillAsync(Said);
        await page.GetByLabel("Their letter or email").SetInputFilesAsync(new FilePayload
        {
            Name = "mercer-reply.txt",
            MimeType = "text/plain",
            Buffer = Encoding.UTF8.GetBytes("Dear Headmistress, I was angry and I am sorry. I would never hurt anyone. Craig Mercer"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the representation" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("The representation is recorded", new() { Timeout = 30_000 });
        await Assertions.Expect(siteBan).ToContainTextAsync("The parent's representations recorded");
        await Assertions.Expect(siteBan.GetByRole(AriaRole.Link, new() { Name = "The parent's file" })).ToBeVisibleAsync();

        // Megan is sent the case to review, with the confirm and lift buttons, and her review task on it.
        var toReview = await head.WaitForAsync(
            e => e.Action == "createMessage" && Mentions(e, "You can review the ban now") && Verbs(e.Card).Contains("confirmSiteBan"),
            Slow, "the card asking her to review the ban");
        Assert.Contains("Waiting for the Headmistress's review", Json(toReview.Card), StringComparison.Ordinal);
        Assert.Contains("Review the site ban: confirm it or lift it", Json(toReview.Card), StringComparison.Ordinal);

        // She opens "Review the ban", gives her reasons and the review date, and presses "Confirm the ban".
        var reviewOn = SchoolTime.Today(DateTimeOffset.UtcNow).AddDays(28);
        var until = SchoolTime.Today(DateTimeOffset.UtcNow).AddDays(90);
        // Every field she fills in on the card is one line here.
        var review = new Dictionary<string, string>
        {
            ["siteBanReasons"] = "The apology is welcome, but a threat to a member of staff at the school gate is serious.",
            ["siteBanReviewOn"] = reviewOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["siteBanUntil"] = until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var confirmed = await head.ExecuteAsync(toReview.MessageId, "confirmSiteBan", Press(toReview.Card!, "confirmSiteBan", review));
        Assert.Contains($"The ban is confirmed until {TaskHandler.Day(until)}, to be reviewed on {TaskHandler.Day(reviewOn)}", Json(confirmed), StringComparison.Ordinal);

        // The second letter: her decision and reasons, the representation she took into account, the review date.
        var second = await NewLetterAsync([provisional.File], "the letter confirming the ban");
        Assert.Contains("My decision is that the ban continues", second.Text, StringComparison.Ordinal);
        Assert.Contains(review["siteBanReasons"], second.Text, StringComparison.Ordinal);
        Assert.Contains($"your representations of {TaskHandler.Day(SchoolTime.Today(DateTimeOffset.UtcNow))}", second.Text, StringComparison.Ordinal);
        Assert.Contains($"reviewed again on {TaskHandler.Day(reviewOn)}", second.Text, StringComparison.Ordinal);
        Assert.Contains($"until the end of {TaskHandler.Day(until)}", second.Text, StringComparison.Ordinal);
        Assert.Contains("Megan Bowen\nHeadmistress", second.Text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);

        // SLT's card shows it confirmed, its last day and its review, with the letter written.
        var done = await slt.WaitForAsync(
            e => e.Action == "updateMessage" && e.MessageId == logged.MessageId && Mentions(e, $"Confirmed. Banned until {TaskHandler.Day(until)}, reviewed on {TaskHandler.Day(reviewOn)}") && Mentions(e, "Confirmed after review") && Mentions(e, "written to the outbox folder as " + Path.GetFileName(second.File)),
            Slow, "the card with the ban confirmed");
        Assert.DoesNotContain("confirmSiteBan", Verbs(done.Card));

        // The Site bans page, from the case page's navigation, lists the parent as banned, until when and when it is reviewed.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Site bans" }).ClickAsync();
        var row = page.Locator("#site-bans tbody tr", new() { HasText = parent });
        await Assertions.Expect(row).ToContainTextAsync("Confirmed", new() { Timeout = 30_000 });
        await Assertions.Expect(row).ToContainTextAsync($"Banned until {TaskHandler.Day(until)}, reviewed on {TaskHandler.Day(reviewOn)}");

        // The record behind it: who did each step, the parent's file kept with the evidence, the review task done
        // and the next one set for the review date.
        var ban = await app.WithDbAsync(db => db.SiteBans.AsNoTracking().Include(b => b.Steps).SingleAsync());
        Assert.Equal(SiteBanState.Confirmed, ban.State);
        Assert.Equal(reviewOn, ban.ReviewOn);
        Assert.Equal(until, ban.Until);
        Assert.Equal(
            [(null, PlaygroundUser.MeganBowen.AadObjectId), (SiteBanAction.RecordRepresentation, PlaygroundUser.AlexWilber.AadObjectId), (SiteBanAction.Confirm, PlaygroundUser.MeganBowen.AadObjectId)],
            ban.Steps.OrderBy(s => s.Id).Select(s => ((SiteBanAction?)s.Action, s.ByUserId)).ToList());
        var file = await app.WithDbAsync(db => db.Evidence.AsNoTracking().SingleAsync(e => e.Kind == EvidenceKind.Representation));
        Assert.Equal("mercer-reply.txt", file.FileName);
        Assert.Equal(file.Id, ban.Steps.Single(s => s.Action == SiteBanAction.RecordRepresentation).EvidenceId);
        var tasks = await app.WithDbAsync(db => db.CaseTasks.AsNoTracking().Where(t => t.Kind == TaskKinds.ReviewSiteBan).OrderBy(t => t.Id).ToListAsync());
        Assert.Equal(2, tasks.Count);
        Assert.Equal(PlaygroundUser.MeganBowen.AadObjectId, tasks[0].DoneByUserId);
        Assert.Null(tasks[1].DoneAt);
        Assert.Equal(reviewOn, tasks[1].DueOn);
        Assert.Equal(PlaygroundUser.MeganBowen.AadObjectId, tasks[1].OwnerUserId);
    }

    /// <summary>
    /// Opens a link from a card in Chromium as the person would: the app's page at the link's path (the card links to
    /// App:PublicBaseUrl, 127.0.0.1:3978 under the README's run command; this test's app listens on a free port), then
    /// "Choose a test user" and that person's button on the sign-in page, which comes back to the page.
    /// </summary>
    private async Task<IPage> OpenAsAsync(Uri link, string person)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();

        // Nothing on these pages may reach the internet.
        await page.RouteAsync(url => !url.StartsWith(app.BaseAddress.ToString(), StringComparison.Ordinal), route => route.AbortAsync());
        await page.GotoAsync(new Uri(app.BaseAddress, link.PathAndQuery).ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Choose a test user" }).ClickAsync(new() { Timeout = 30_000 });
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^" + person + ":") }).ClickAsync(new() { Timeout = 30_000 });
        await page.WaitForURLAsync(new Uri(app.BaseAddress, link.AbsolutePath).ToString(), new() { Timeout = 30_000 });
        return page;
    }

    /// <summary>Waits for a letter file in the outbox folder that is not one of <paramref name="known"/>, and reads it.</summary>
    private async Task<(string File, string Text)> NewLetterAsync(IReadOnlyCollection<string> known, string what)
    {
        var until = DateTime.UtcNow + Slow;
        while (true)
        {
            var files = Directory.Exists(Outbox) ? Directory.GetFiles(Outbox).Where(f => f.EndsWith(".eml", StringComparison.Ordinal)).Except(known).ToList() : [];
            if (files.Count > 1)
            {
                throw new Xunit.Sdk.XunitException($"Expected one new letter for {what}, found {string.Join(", ", files.Select(Path.GetFileName))}.");
            }

            if (files.Count == 1)
            {
                using var message = await MimeMessage.LoadAsync(files[0]);
                return (files[0], message.TextBody ?? string.Empty);
            }

            if (DateTime.UtcNow > until)
            {
                throw new Xunit.Sdk.XunitException($"No .eml for {what} appeared in {Outbox}.");
            }

            await Task.Delay(100);
        }
    }
}
