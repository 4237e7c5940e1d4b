using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// The site-ban due process end to end (school-data-protection.md §4), through /api/messages, the tab's API, the
/// connector and Graph stand-ins, with the app's clock moved by days: the provisional letter invites representations
/// by a date, SLT record the parent's reply, the Headmistress reviews and confirms or lifts it in a second letter she
/// signs, and reminders go when the dates come.
/// </summary>
public abstract class SiteBanScenario : IAsyncLifetime
{
    private const string Head = "Mrs Michelle Jenkin";

    // Tuesday 17 November 2026, noon in London (GMT): ten school days on is Tuesday 1 December.
    private readonly CreepingClock clock = new(new DateTimeOffset(2026, 11, 17, 12, 0, 0, TimeSpan.Zero));
    private readonly string folder = Path.Combine(Path.GetTempPath(), "sca-siteban-" + Guid.NewGuid().ToString("N"));
    private SignedBotApp app = null!;
    private PostgresDatabase? database;

    /// <summary>PostgreSQL (as in Azure) rather than SQLite, when a server is named.</summary>
    protected virtual bool OnPostgres => false;

    protected SignedBotApp App => app;

    protected CreepingClock Clock => clock;

    /// <summary>Settings a scenario adds (a school mailbox, the outbox's attempts).</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Roles:StaffNames:{SignedBotApp.HeadmistressId}"] = Head,
            [$"Roles:StaffNames:{SignedBotApp.SltMemberId}"] = "Sam Leader",
            ["Letters:OutboxFolder"] = folder,
        };
        Configure(settings);
        if (OnPostgres && PostgresDatabase.ServerConnectionString is not null)
        {
            database = await PostgresDatabase.CreateAsync();
            settings["Database:Provider"] = "Postgres";
            settings["Database:ConnectionString"] = database.ConnectionString;
        }

        app = await SignedBotApp.StartAsync(settings, clock);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        if (database is not null)
        {
            await database.DisposeAsync();
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    protected async Task ConfirmedAfterARepresentationAsync()
    {
        var id = await ApproveSiteBanAsync();

        // The provisional letter went (the approved one), with its last day for representations and the ban's scope.
        var provisional = Assert.Single(Letters());
        Assert.Contains("by Tuesday 1 December 2026", provisional, StringComparison.Ordinal);
        Assert.Contains("the school site at Priory Road", provisional, StringComparison.Ordinal);
        Assert.DoesNotContain("{representationsBy}", provisional, StringComparison.Ordinal);
        var ban = await BanAsync(id);
        Assert.Equal(SiteBanState.Provisional, ban.State);
        Assert.Equal(new DateOnly(2026, 12, 1), ban.RepresentationsBy);
        var review = Assert.Single(await TasksAsync(id));
        Assert.Equal("review-site-ban", review.Kind);
        Assert.Equal(SignedBotApp.HeadmistressId, review.OwnerUserId);
        Assert.Equal(new DateOnly(2026, 12, 2), review.DueOn);

        // A teacher cannot record a representation; nor can anyone with an empty one, or for a case that isn't there.
        using var slt = TabClient(SignedBotApp.SltMemberId);
        using var teacher = TabClient(SignedBotApp.TeacherId);
        using var head = TabClient(SignedBotApp.HeadmistressId);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsync($"api/tab/concerns/{id}/site-ban/representations", Representation("I am sorry."))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await slt.PostAsync($"api/tab/concerns/{id}/site-ban/representations", Representation("   "))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await slt.PostAsync("api/tab/concerns/999999/site-ban/representations", Representation("I am sorry."))).StatusCode);
        Assert.Single((await BanAsync(id)).Steps);

        // SLT record the parent's reply, with their letter attached: kept like evidence, and the ban goes to review.
        var recorded = await slt.PostAsync($"api/tab/concerns/{id}/site-ban/representations",
            Representation("Mr Price apologises and asks to collect his son from the gate.", ("letter-from-mr-price.pdf", "%PDF-1.4 apology"u8.ToArray())));
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        await SettleAsync(app);
        ban = await BanAsync(id);
        Assert.Equal(SiteBanState.UnderReview, ban.State);
        var heard = Assert.Single(ban.Steps, s => s.Action == SiteBanAction.RecordRepresentation);
        var file = await app.App.WithDbAsync(db => db.Evidence.AsNoTracking().SingleAsync(e => e.Id == heard.EvidenceId));
        Assert.Equal(EvidenceKind.Representation, file.Kind);
        Assert.Equal("letter-from-mr-price.pdf", file.FileName);
        Assert.Contains(await AuditAsync(app, id), a => a.Action == "SiteBanRepresentation" && a.ActorId == SignedBotApp.SltMemberId);
        Assert.Contains(ToPerson(SignedBotApp.HeadmistressId), b => b.Contains("You can review the ban now", StringComparison.Ordinal));

        // The case page shows the steps; SLT cannot confirm.
        var page = JsonNode.Parse(await slt.GetStringAsync($"api/tab/concerns/{id}/site-ban"))!;
        Assert.Equal(2, page["steps"]!.AsArray().Count);
        Assert.True(page["canRecordRepresentation"]!.GetValue<bool>());
        Assert.False(page["canConfirm"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, (await slt.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "confirm", reasons = "Serious abuse.", reviewOn = "2027-02-01" })).StatusCode);

        // The Headmistress: a confirmation needs a review date after today; without one nothing changes.
        Assert.Equal(HttpStatusCode.BadRequest, (await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "confirm", reasons = "Serious abuse." })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "confirm", reasons = "Serious abuse.", reviewOn = "2026-11-01", until = "2027-03-01" })).StatusCode);

        // She gives the ban's last day too, on or after the review: without one, or before the review, nothing changes.
        var noEnd = await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "confirm", reasons = "Serious abuse.", reviewOn = "2027-02-01" });
        Assert.Equal(HttpStatusCode.BadRequest, noEnd.StatusCode);
        Assert.Contains("last day of the ban", await noEnd.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var endFirst = await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "confirm", reasons = "Serious abuse.", reviewOn = "2027-02-01", until = "2027-01-15" });
        Assert.Equal(HttpStatusCode.BadRequest, endFirst.StatusCode);
        Assert.Contains("on or before the ban's last day (Friday 15 January 2027)", await endFirst.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        ban = await BanAsync(id);
        Assert.Equal(SiteBanState.UnderReview, ban.State);
        Assert.Null(ban.Until);
        Assert.Null(ban.ReviewOn);

        // She confirms from her card, with her reasons and the review date.
        var card = await CardForAsync(SignedBotApp.HeadmistressId, id);
        Assert.Contains(CaseVerbs.ConfirmSiteBan, Verbs(card));
        Assert.Contains("Waiting for the Headmistress", Text(card), StringComparison.Ordinal);
        Assert.Contains("\"id\":\"siteBanUntil\"", card.ToJsonString(), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(card.ToJsonString());
        Assert.DoesNotContain(CaseVerbs.ConfirmSiteBan, Verbs(await CardForAsync(SignedBotApp.SltMemberId, id)));

        // Her review task is done by reviewing, not by a button.
        Assert.DoesNotContain(CaseVerbs.CompleteTask, Verbs(await CardForAsync(SignedBotApp.SltMemberId, id)));
        var markDone = await slt.PostAsJsonAsync($"api/tab/concerns/{id}/actions", new { verb = CaseVerbs.CompleteTask, data = new { version = (await ConcernAsync(app, id)).Version, taskId = review.Id } });
        Assert.True(JsonNode.Parse(await markDone.Content.ReadAsStringAsync())!["problem"]!.GetValue<bool>());
        Assert.Null(Assert.Single(await TasksAsync(id), t => t.Id == review.Id).DoneAt);
        // SLT edit the confirmation letter in the Letters tab, keeping the ban's own placeholders: the letter uses it.
        var template = JsonNode.Parse(await slt.GetStringAsync("api/tab/letters/site-ban-confirmed"))!;
        var words = template["versions"]!.AsArray()[0]!["body"]!.GetValue<string>()
            .Replace("My decision is that the ban continues.", "My decision, after careful thought, is that the ban continues.", StringComparison.Ordinal);
        var edited = await slt.PostAsJsonAsync("api/tab/letters/site-ban-confirmed", new { basedOnVersion = template["versions"]!.AsArray()[0]!["version"]!.GetValue<int>(), subject = "Access to the school site, after review", body = words });
        Assert.Equal(HttpStatusCode.Created, edited.StatusCode);

        var confirm = CardData(card, CaseVerbs.ConfirmSiteBan);
        confirm["siteBanReasons"] = "The posts were abusive to a member of staff, and the apology does not take them back.";
        confirm["siteBanReviewOn"] = "2027-02-01";
        confirm["siteBanUntil"] = "2027-03-01";
        var answer = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, CaseVerbs.ConfirmSiteBan, confirm));
        Assert.Contains("The ban is confirmed until Monday 1 March 2027", Text(answer), StringComparison.Ordinal);
        await SettleAsync(app);

        ban = await BanAsync(id);
        Assert.Equal(SiteBanState.Confirmed, ban.State);
        Assert.Equal(new DateOnly(2027, 2, 1), ban.ReviewOn);
        Assert.Equal(new DateOnly(2027, 3, 1), ban.Until);
        var confirmed = Assert.Single(Letters(), l => l.Contains("after careful thought, is that the ban continues", StringComparison.Ordinal));
        Assert.Contains("The ban lasts until the end of Monday 1 March 2027", confirmed, StringComparison.Ordinal);
        Assert.DoesNotContain("{until}", confirmed, StringComparison.Ordinal);
        Assert.Contains("your representations of Tuesday 17 November 2026", confirmed, StringComparison.Ordinal);
        Assert.Contains("reviewed again on Monday 1 February 2027", confirmed, StringComparison.Ordinal);
        Assert.Contains("the apology does not take them back", confirmed, StringComparison.Ordinal);
        Assert.Contains(Directory.GetFiles(folder, "*.eml"), f => MimeKit.MimeMessage.Load(f).Subject == "Access to the school site, after review");

        // The case page says when each letter went in the school's time, not as card markup ({{DATE(...)}}) it can't draw.
        var details = JsonNode.Parse(await slt.GetStringAsync($"api/tab/concerns/{id}/site-ban"))!["steps"]!.AsArray()
            .Select(s => s!["letterDetail"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Single(details, d => d.StartsWith("written to the outbox folder", StringComparison.Ordinal));
        Assert.All(details, d => Assert.DoesNotContain("{{", d, StringComparison.Ordinal));
        Assert.Contains(Head + "\nHeadmistress", confirmed.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        var tasks = await TasksAsync(id);
        Assert.NotNull(Assert.Single(tasks, t => t.DueOn == new DateOnly(2026, 12, 2)).DoneAt);
        Assert.Null(Assert.Single(tasks, t => t.DueOn == new DateOnly(2027, 2, 1)).DoneAt);

        // Who is banned, and until when: SLT see it; a teacher is refused.
        var list = JsonNode.Parse(await slt.GetStringAsync("api/tab/site-bans"))!.AsArray();
        var row = Assert.Single(list)!;
        Assert.Equal("Dan Price", row["parent"]!.GetValue<string>());
        Assert.Equal("Banned until Monday 1 March 2027, reviewed on Monday 1 February 2027", row["until"]!.GetValue<string>());
        Assert.Equal("2027-03-01", row["bannedUntil"]!.GetValue<string>());
        Assert.Equal("2027-03-01", JsonNode.Parse(await slt.GetStringAsync($"api/tab/concerns/{id}/site-ban"))!["bannedUntil"]!.GetValue<string>());
        Assert.Contains("Banned until Monday 1 March 2027", Text(await CardForAsync(SignedBotApp.SltMemberId, id)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("api/tab/site-bans")).StatusCode);

        // The day before the review date she is reminded; on the day the ban goes back to review and SLT are told.
        await MoveToAsync(new DateTimeOffset(2027, 1, 31, 8, 5, 0, TimeSpan.Zero));
        Assert.Contains(ToPerson(SignedBotApp.HeadmistressId), b => b.Contains("is due tomorrow, Monday 1 February 2027", StringComparison.Ordinal));
        Assert.DoesNotContain(ToPerson(SignedBotApp.SltMemberId), b => b.Contains("Representations about the site ban closed", StringComparison.Ordinal));
        await MoveToAsync(new DateTimeOffset(2027, 2, 1, 8, 5, 0, TimeSpan.Zero));
        Assert.Equal(SiteBanState.UnderReview, (await BanAsync(id)).State);
        Assert.Contains(ToPerson(SignedBotApp.SltMemberId), b => b.Contains("due for review today", StringComparison.Ordinal));
        Assert.Contains("Banned until Monday 1 March 2027 at the latest", Text(await CardForAsync(SignedBotApp.SltMemberId, id)), StringComparison.Ordinal);

        // SLT had put back the letter's first words (as a school that edited it before it had {until}): it still
        // says when the ban ends. She confirms it again, with later dates.
        var versions = JsonNode.Parse(await slt.GetStringAsync("api/tab/letters/site-ban-confirmed"))!["versions"]!.AsArray();
        var older = versions[0]!["body"]!.GetValue<string>().Replace("The ban lasts until the end of {until}, unless it is lifted sooner. ", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain("{until}", older, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await slt.PostAsJsonAsync("api/tab/letters/site-ban-confirmed", new { basedOnVersion = versions[0]!["version"]!.GetValue<int>(), subject = "Access to the school site, after review", body = older })).StatusCode);
        var again = await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "confirm", reasons = "A second post after the first review.", reviewOn = "2027-03-22", until = "2027-04-30" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await SettleAsync(app);
        ban = await BanAsync(id);
        Assert.Equal((SiteBanState.Confirmed, new DateOnly(2027, 3, 22), new DateOnly(2027, 4, 30)), (ban.State, ban.ReviewOn, ban.Until));
        var second = Assert.Single(Letters(), l => l.Contains("A second post after the first review", StringComparison.Ordinal));
        Assert.Contains("reviewed again on Monday 22 March 2027", second, StringComparison.Ordinal);
        Assert.Contains("The ban ends at the end of Friday 30 April 2027.", second, StringComparison.Ordinal);

        // The first last day passes: its message finds the date moved, and does nothing.
        await MoveToAsync(new DateTimeOffset(2027, 3, 2, 8, 5, 0, TimeSpan.Zero));
        Assert.Equal(SiteBanState.Confirmed, (await BanAsync(id)).State);
        Assert.DoesNotContain(await AuditAsync(app, id), a => a.Action == "SiteBanExpired");

        // The review date comes and she does nothing; the morning after the last day, the app lifts the ban itself.
        await MoveToAsync(new DateTimeOffset(2027, 3, 22, 8, 5, 0, TimeSpan.Zero));
        Assert.Equal(SiteBanState.UnderReview, (await BanAsync(id)).State);
        await MoveToAsync(new DateTimeOffset(2027, 4, 30, 20, 0, 0, TimeSpan.Zero));
        Assert.Equal(SiteBanState.UnderReview, (await BanAsync(id)).State);
        await MoveToAsync(new DateTimeOffset(2027, 5, 1, 8, 5, 0, TimeSpan.Zero));
        ban = await BanAsync(id);
        Assert.Equal(SiteBanState.Lifted, ban.State);
        var ended = Assert.Single(ban.Steps, s => s.Action == SiteBanAction.Expire);
        Assert.Equal(AuditLog.AppActor, ended.ByUserId);
        var expired = Assert.Single(await AuditAsync(app, id), a => a.Action == "SiteBanExpired");
        Assert.Equal(AuditLog.AppActor, expired.ActorId);
        Assert.Single(ToPerson(SignedBotApp.SltMemberId), b => b.Contains("The site ban ended on Friday 30 April 2027", StringComparison.Ordinal));
        Assert.Single(ToPerson(SignedBotApp.HeadmistressId), b => b.Contains("The site ban ended on Friday 30 April 2027", StringComparison.Ordinal));
        Assert.All(await TasksAsync(id), t => Assert.NotNull(t.DoneAt));
        Assert.Equal(CaseState.Closed, (await ConcernAsync(app, id)).State);
        Assert.Contains("Lifted", Text(LetterDeliveryTests.LastChannelCard(app)), StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(await slt.GetStringAsync("api/tab/site-bans"))!.AsArray());
    }

    /// <summary>
    /// A reply came before the date for representations passed: SLT are told once that representations closed, even
    /// when the outbox runs that message a second time (work can run twice: a crash after its save, before it was marked done).
    /// </summary>
    protected async Task DatePassedAfterAReplyIsToldOnceAsync()
    {
        var id = await ApproveSiteBanAsync();
        using var slt = TabClient(SignedBotApp.SltMemberId);
        Assert.Equal(HttpStatusCode.OK, (await slt.PostAsync($"api/tab/concerns/{id}/site-ban/representations", Representation("Mr Price asks for the ban to be lifted."))).StatusCode);
        await SettleAsync(app);
        Assert.Equal(SiteBanState.UnderReview, (await BanAsync(id)).State);

        await MoveToAsync(new DateTimeOffset(2026, 12, 2, 8, 5, 0, TimeSpan.Zero));
        const string Closed = "Representations about the site ban closed on Tuesday 1 December 2026 (1 recorded)";
        Assert.Single(ToPerson(SignedBotApp.SltMemberId), b => b.Contains(Closed, StringComparison.Ordinal));

        // The same message again.
        var rerun = await app.App.WithDbAsync(db => db.Outbox.Where(m => m.Kind == "siteban.due" && m.CompletedAt != null)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.CompletedAt, (DateTimeOffset?)null)));
        Assert.Equal(1, rerun);
        await MoveToAsync(new DateTimeOffset(2026, 12, 2, 8, 10, 0, TimeSpan.Zero));
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Outbox.CountAsync(m => m.Kind == "siteban.due" && m.CompletedAt == null && m.NextAttemptAt <= app.Now)));

        Assert.Single(ToPerson(SignedBotApp.SltMemberId), b => b.Contains(Closed, StringComparison.Ordinal));
        var ban = await BanAsync(id);
        Assert.Equal(SiteBanState.UnderReview, ban.State);
        Assert.Single(ban.Steps, s => s.Action == SiteBanAction.RepresentationDatePassed);
        Assert.Single(await AuditAsync(app, id), a => a.Action == "SiteBanRepresentationDatePassed");
    }

    protected async Task LiftedAfterNoReplyAsync()
    {
        var id = await ApproveSiteBanAsync();
        using var head = TabClient(SignedBotApp.HeadmistressId);

        // Before the date, with no reply, there is nothing to review yet.
        Assert.Equal(HttpStatusCode.Forbidden, (await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "lift", reasons = "Early." })).StatusCode);

        // The morning after the last day: the ban goes to review, SLT are told, and her review task is due that day.
        await MoveToAsync(new DateTimeOffset(2026, 12, 2, 8, 5, 0, TimeSpan.Zero));
        Assert.Equal(SiteBanState.UnderReview, (await BanAsync(id)).State);
        Assert.Contains(ToPerson(SignedBotApp.SltMemberId), b => b.Contains("closed on Tuesday 1 December 2026 with no reply recorded", StringComparison.Ordinal));
        Assert.Contains(ToPerson(SignedBotApp.HeadmistressId), b => b.Contains("is due today", StringComparison.Ordinal));

        // Lifting needs her reasons; then the letter goes, signed by her, and with nothing left to do the case closes.
        Assert.Equal(HttpStatusCode.BadRequest, (await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "lift", reasons = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "maybe", reasons = "Unsure." })).StatusCode);
        Assert.Equal(SiteBanState.UnderReview, (await BanAsync(id)).State);
        var lifted = await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "lift", reasons = "No further posts since the ban; a fresh start is proportionate." });
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        await SettleAsync(app);

        Assert.Equal(SiteBanState.Lifted, (await BanAsync(id)).State);
        var letter = Assert.Single(Letters(), l => l.Contains("the ban is lifted", StringComparison.Ordinal));
        Assert.Contains("that no representations were received from you", letter, StringComparison.Ordinal);
        Assert.Contains(Head + "\nHeadmistress", letter.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(CaseState.Closed, (await ConcernAsync(app, id)).State);
        using var slt = TabClient(SignedBotApp.SltMemberId);
        Assert.Empty(JsonNode.Parse(await slt.GetStringAsync("api/tab/site-bans"))!.AsArray());
        var trail = (await AuditAsync(app, id)).Select(a => a.Action).ToList();
        Assert.Contains("SiteBanRepresentationDatePassed", trail);
        Assert.Contains("SiteBanLifted", trail);

        // The case is closed, so the parent can be erased: the ban's letters no longer name them.
        var parentId = await app.App.WithDbAsync(async db =>
        {
            var parent = new Parent { Name = "Dan Price", NameKey = "dan price", SurnameKey = "price", CreatedAt = app.Now, UpdatedAt = app.Now };
            db.Parents.Add(parent);
            await db.SaveChangesAsync();
            await db.Concerns.Where(c => c.Id == id).ExecuteUpdateAsync(u => u.SetProperty(c => c.ParentId, parent.Id));
            return parent.Id;
        });
        Assert.Contains((await BanAsync(id)).Steps, s => s.LetterText?.Contains("Dan Price", StringComparison.Ordinal) == true);
        var erased = await slt.PostAsJsonAsync($"api/tab/parents/{parentId}/erase", new { reason = "The parent asked for erasure and no claim is open." });
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.DoesNotContain((await BanAsync(id)).Steps, s => s.LetterText?.Contains("Dan Price", StringComparison.Ordinal) == true);
    }

    /// <summary>SLT propose a site ban with the provisional letter; the Headmistress approves it from her card.</summary>
    protected async Task<int> ApproveSiteBanAsync()
    {
        var id = await LogConcernAsync(app);
        var letter = "Dear Dan Price,\n\nYou may not come onto {scope}. Please write to the Headmistress by {representationsBy}.\n\nYours sincerely,\n\n{signature}";
        var propose = ProposeData(await DataAsync(app, id), responses: "site-ban", reason: "Repeated abuse of a teacher after a cautionary notice.", letterTemplate: "site-ban-provisional", letterText: letter);
        var proposed = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", propose, SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        Assert.DoesNotContain("\"isProblem\":true", Text(proposed), StringComparison.Ordinal);
        await SettleAsync(app);
        var approve = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", approve));
        await SettleAsync(app);
        return id;
    }

    /// <summary>The tab's sign-in checks a token's lifetime by the real clock, so its times are real ones.</summary>
    protected HttpClient TabClient(string userId)
    {
        var now = DateTimeOffset.UtcNow;
        var token = app.Issuer.CreateToken(new TestTokenOptions
        {
            Issuer = $"https://login.microsoftonline.com/{SignedBotApp.TenantId}/v2.0",
            Audience = TestTokenIssuer.DefaultAppId,
            ServiceUrl = null,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(60),
            Claims = new Dictionary<string, object> { ["oid"] = userId, ["tid"] = SignedBotApp.TenantId, ["scp"] = "access_as_user", ["name"] = "Test User", ["preferred_username"] = "staff@stjohnspriory.example" },
        });
        var client = app.App.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected static MultipartFormDataContent Representation(string text, (string Name, byte[] Content)? file = null)
    {
        var form = new MultipartFormDataContent { { new StringContent(text), "text" } };
        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Content);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(content, "file", f.Name);
        }

        return form;
    }

    protected async Task<JsonNode> CardForAsync(string userId, int id)
    {
        var refresh = await InvokeAsync(app, Execute(userId, CaseVerbs.Refresh, await DataAsync(app, id)));
        return refresh["value"]!;
    }

    protected Task<SiteBan> BanAsync(int id) =>
        app.App.WithDbAsync(db => db.SiteBans.AsNoTracking().Include(b => b.Steps).SingleAsync(b => b.ConcernId == id));

    private Task<List<CaseTask>> TasksAsync(int id) =>
        app.App.WithDbAsync(db => db.CaseTasks.AsNoTracking().Where(t => t.ConcernId == id).OrderBy(t => t.Id).ToListAsync());

    /// <summary>The letters written to the outbox folder (local mode: no school mailbox), as text.</summary>
    private List<string> Letters() =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.eml").Select(f => MimeKit.MimeMessage.Load(f).TextBody ?? string.Empty).ToList()
            : [];

    private List<string> ToPerson(string userId) =>
        app.Connector.Requests.Where(r => r.Method == "POST"
                && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(userId)), StringComparison.Ordinal))
            .Select(r => r.Body).ToList();

    protected async Task MoveToAsync(DateTimeOffset at)
    {
        clock.Advance(at - app.Now);
        await Task.Delay(200); // One outbox poll at least.
        await SettleAsync(app);
    }
}

public sealed class SiteBanTests : SiteBanScenario
{
    [Fact]
    public Task Provisional_then_a_representation_then_review_confirms_it_in_a_signed_letter_until_a_last_day_and_the_app_lifts_it_after_that_day() => ConfirmedAfterARepresentationAsync();

    [Fact]
    public Task Provisional_then_no_reply_then_the_date_passes_and_the_review_lifts_it_in_a_letter_and_the_case_closes() => LiftedAfterNoReplyAsync();

    [Fact]
    public Task A_reply_then_the_date_passing_tells_SLT_once_even_when_the_outbox_runs_the_message_twice() => DatePassedAfterAReplyIsToldOnceAsync();
}

/// <summary>The same due process on PostgreSQL, as the app runs in Azure.</summary>
public sealed class SiteBanPostgresTests : SiteBanScenario
{
    protected override bool OnPostgres => true;

    [PostgresFact]
    public Task Provisional_then_a_representation_then_review_confirms_it_on_PostgreSQL() => ConfirmedAfterARepresentationAsync();

    [PostgresFact]
    public Task Provisional_then_no_reply_then_the_review_lifts_it_on_PostgreSQL() => LiftedAfterNoReplyAsync();
}

/// <summary>
/// "Try sending again" on a site-ban letter, as on a response letter, through the card, the access rule and the Graph
/// stand-in: the outbox gives up after its last attempt (one here), the card says why and offers the button, and the
/// letter goes exactly once however often it is pressed or run, and not at all when Graph had in fact sent it.
/// </summary>
public sealed class SiteBanLetterRetryTests : SiteBanScenario
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Letters:SenderMailbox"] = "office@stjohnspriory.example";
        settings["Outbox:MaxAttempts"] = "1";

        // Short, so a lost answer is a timeout soon (as in LetterDeliveryTests).
        settings["Graph:Timeout"] = "00:00:03";
    }

    [Fact]
    public async Task A_confirmation_letter_Graph_refused_shows_failed_with_Try_sending_again_which_sends_it_once_however_often_it_runs()
    {
        var id = await ConfirmWithGraphAnsweringAsync(new SendMailAnswer(500));
        var step = await ConfirmStepAsync(id);
        Assert.Equal(ActionStatus.Failed, step.LetterStatus);
        Assert.Single(App.Graph.SentMail); // the provisional letter only
        var card = LetterDeliveryTests.LastChannelCard(App);
        Assert.Contains("was not sent: the email could not be sent", Text(card), StringComparison.Ordinal);
        Assert.Contains("Try sending again", Text(card), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(card.ToJsonString());
        var retry = CardData(card, CaseVerbs.RetrySiteBanLetter);
        Assert.Equal(step.Id, retry["siteBanStepId"]!.GetValue<int>());

        // A teacher may not send it again (the access rule's answer for response letters); nothing changes.
        var teacher = await InvokeAsync(App, Execute(SignedBotApp.TeacherId, CaseVerbs.RetrySiteBanLetter, retry));
        await SettleAsync(App);
        Assert.DoesNotContain("Sending the letter again", Text(teacher), StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Failed, (await ConfirmStepAsync(id)).LetterStatus);
        Assert.Single(App.Graph.SentMail);

        var answer = await InvokeAsync(App, Execute(SignedBotApp.SltMemberId, CaseVerbs.RetrySiteBanLetter, retry, SltChannelId, "channel"));
        Assert.Contains("Sending the letter again", Text(answer), StringComparison.Ordinal);
        await SettleAsync(App);
        Assert.Equal(2, App.Graph.SentMail.Count);
        var (_, mail) = App.Graph.SentMail.Last();
        Assert.Equal($"case-{id}-siteban-step-{step.Id}", mail["Message"]!["internetMessageHeaders"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(1, App.Graph.CountRequests("/mailFolders/SentItems/messages"));
        Assert.Equal(ActionStatus.Done, (await ConfirmStepAsync(id)).LetterStatus);
        Assert.Contains(await AuditAsync(App, id), a => a.Action == "SiteBanLetterRetried" && a.ActorId == SignedBotApp.SltMemberId);

        // Pressed again (a double click, an old copy of the card): nothing is sent.
        var again = await InvokeAsync(App, Execute(SignedBotApp.SltMemberId, CaseVerbs.RetrySiteBanLetter, retry, SltChannelId, "channel"));
        await SettleAsync(App);
        Assert.Contains("nothing", Text(again), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, App.Graph.SentMail.Count);

        // The retry run again, as after a crash between Graph's answer and the save: Sent Items has it, so it is not sent.
        await App.App.WithDbAsync(async db =>
        {
            await db.SiteBanSteps.Where(s => s.Id == step.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.LetterStatus, ActionStatus.Pending));
            return await db.Outbox.Where(m => m.Kind == "siteban.letter").ExecuteUpdateAsync(u => u.SetProperty(m => m.CompletedAt, (DateTimeOffset?)null));
        });
        await SettleAsync(App);
        Assert.Equal(2, App.Graph.SentMail.Count);
        Assert.Equal(ActionStatus.Done, (await ConfirmStepAsync(id)).LetterStatus);
    }

    [Fact]
    public async Task When_Graph_had_accepted_the_letter_but_the_answer_was_lost_Try_sending_again_finds_it_in_Sent_Items_and_sends_nothing()
    {
        var id = await ConfirmWithGraphAnsweringAsync(SendMailAnswer.Lost);
        Assert.Equal(ActionStatus.Failed, (await ConfirmStepAsync(id)).LetterStatus);
        Assert.Equal(2, App.Graph.SentMail.Count); // the provisional letter, and the confirmation Graph accepted
        var card = LetterDeliveryTests.LastChannelCard(App);
        Assert.Contains("not known whether the email went", Text(card), StringComparison.Ordinal);

        await InvokeAsync(App, Execute(SignedBotApp.SltMemberId, CaseVerbs.RetrySiteBanLetter, CardData(card, CaseVerbs.RetrySiteBanLetter), SltChannelId, "channel"));
        await SettleAsync(App);

        Assert.Equal(2, App.Graph.SentMail.Count);
        Assert.Equal(2, App.Graph.CountRequests("/sendMail"));
        Assert.Equal(1, App.Graph.CountRequests("/mailFolders/SentItems/messages"));
        Assert.Equal(ActionStatus.Done, (await ConfirmStepAsync(id)).LetterStatus);
    }

    /// <summary>Approved, a reply recorded, and confirmed by the Headmistress with Graph's next sendMail answering so.</summary>
    private async Task<int> ConfirmWithGraphAnsweringAsync(SendMailAnswer answer)
    {
        var id = await ApproveSiteBanAsync();
        Assert.Single(App.Graph.SentMail);
        using var slt = TabClient(SignedBotApp.SltMemberId);
        using var head = TabClient(SignedBotApp.HeadmistressId);
        Assert.Equal(HttpStatusCode.OK, (await slt.PostAsync($"api/tab/concerns/{id}/site-ban/representations", Representation("Mr Price apologises."))).StatusCode);
        await SettleAsync(App);
        App.Graph.SendMailScript.Enqueue(answer);
        var confirmed = await head.PostAsJsonAsync($"api/tab/concerns/{id}/site-ban/review", new { decision = "confirm", reasons = "Abuse of a teacher.", reviewOn = "2027-01-18", until = "2027-02-26" });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        await SettleAsync(App);
        return id;
    }

    private async Task<SiteBanStep> ConfirmStepAsync(int id) => Assert.Single((await BanAsync(id)).Steps, s => s.Action == SiteBanAction.Confirm);
}
