using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Features;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Retention;

/// <summary>
/// The retention schedule with the clock moved: SLT are told 30 days ahead in their channel, what is due is deleted and
/// recorded, a case on legal hold (placed by SLT on the case page, with a reason) is spared, and the audit chain stays verifiable.
/// </summary>
public sealed class RetentionTests
{
    // Today: sign-in tokens are checked against the machine's clock, so the tab is used at the real time (see Tab below).
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    [Fact]
    public async Task The_daily_run_tells_SLT_ahead_deletes_what_is_due_and_spares_what_is_on_hold()
    {
        var clock = new ManualTimeProvider(Start);
        await using var app = await SignedBotApp.StartAsync(clock: clock);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Activities.ChannelMessage(SignedBotApp.SltMemberId, "use this channel for concerns"))).StatusCode);
        var due = await SeedClosedAsync(app, "Due Parent");
        var held = await SeedClosedAsync(app, "Held Parent");
        var open = await SeedClosedAsync(app, "Open Parent", CaseState.ActionsInProgress);
        await app.App.WithDbAsync(db =>
        {
            db.ConcernDrafts.Add(new ConcernDraftRecord { CreatedAt = Start, CreatedByUserId = SignedBotApp.TeacherId, ContentSha256 = new string('a', 64) });
            return db.SaveChangesAsync();
        });

        // The hold, through the front door: a teacher cannot, SLT must say why, then can.
        using var teacher = app.TabClient(SignedBotApp.TeacherId);
        using var slt = app.TabClient(SignedBotApp.SltMemberId);
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.PostAsJsonAsync($"api/tab/concerns/{held}/legal-hold", new { reason = "no" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await slt.PostAsJsonAsync($"api/tab/concerns/{held}/legal-hold", new { reason = " " })).StatusCode);
        using (var malformed = new StringContent("{bad", System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await slt.PostAsync($"api/tab/concerns/{held}/legal-hold", malformed)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await slt.PostAsJsonAsync($"api/tab/concerns/{held}/legal-hold", new { reason = "Solicitor's letter received" })).StatusCode);
        var hold = await slt.GetFromJsonAsync<JsonObject>($"api/tab/concerns/{held}/legal-hold");
        Assert.True(hold!["held"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Conflict, (await slt.PostAsJsonAsync($"api/tab/concerns/{held}/legal-hold", new { reason = "again" })).StatusCode);

        // 20 days before the sixth anniversary of closure: SLT are told about the due case only; nothing is deleted yet.
        clock.Advance(Start.AddYears(6).AddDays(-20) - Start);
        await app.DrainOutboxAsync();
        var notices = app.Connector.Requests.Where(r => r.Method == "POST" && r.Body.Contains("retention schedule", StringComparison.Ordinal)).ToList();
        var notice = Assert.Single(notices).Body;
        Assert.Contains($"Concern #{due}:", notice, StringComparison.Ordinal);
        Assert.DoesNotContain($"Concern #{held}:", notice, StringComparison.Ordinal);
        Assert.DoesNotContain($"Concern #{open}:", notice, StringComparison.Ordinal);
        Assert.DoesNotContain("Due Parent", notice, StringComparison.Ordinal);
        Assert.True(await ExistsAsync(app, due));
        Assert.Equal(0, await app.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));

        // Past the due day and 30 days after the notice: the due case goes, evidence and all; the others stay.
        clock.Advance(TimeSpan.FromDays(31));
        await app.DrainOutboxAsync();
        Assert.False(await ExistsAsync(app, due));
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Evidence.CountAsync(e => e.ConcernId == due)));
        Assert.True(await ExistsAsync(app, held));
        Assert.True(await ExistsAsync(app, open));
        var deleted = await app.App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Subject == AuditSubjects.Case(due) && a.Action == RetentionActions.RetentionDeleted));
        Assert.Contains("\"kind\":\"Concern\"", deleted.DetailsJson, StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(app, held), a => a.Action == RetentionActions.LegalHoldPlaced && a.Reason == "Solicitor's letter received" && a.ActorId == SignedBotApp.SltMemberId);

        // Lifted (audited), the held case gets its full notice again before it goes. The tab is used at the real time (the
        // stand-in sign-in's tokens are checked against the machine's clock), then the app's clock goes back to where it was.
        var later = clock.GetUtcNow() - DateTimeOffset.UtcNow;
        clock.Advance(-later);
        using (var sltNow = app.TabClient(SignedBotApp.SltMemberId))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await sltNow.PostAsJsonAsync($"api/tab/concerns/{held}/legal-hold/release", new { reason = "Claim settled" })).StatusCode);
        }

        clock.Advance(later);
        Assert.Contains(await AuditAsync(app, held), a => a.Action == RetentionActions.LegalHoldReleased && a.Reason == "Claim settled");
        clock.Advance(TimeSpan.FromDays(1));
        await app.DrainOutboxAsync();
        Assert.True(await ExistsAsync(app, held));
        Assert.Contains(app.Connector.Requests, r => r.Body.Contains($"Concern #{held}:", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromDays(31));
        await app.DrainOutboxAsync();
        Assert.False(await ExistsAsync(app, held));

        var chain = await app.App.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        Assert.True(chain.Intact, chain.FirstBreak?.ToString());

        // Past the audit period: the oldest entries go from the chain's start, up to the first about a case still held
        // (the open one): the closures of the two deleted cases go, the open case's whole trail stays.
        var openTrail = (await AuditAsync(app, open)).Count;
        clock.Advance(TimeSpan.FromDays(365 * 2));
        await app.DrainOutboxAsync();
        var head = await app.App.WithDbAsync(db => db.AuditChainHeads.AsNoTracking().SingleAsync());
        Assert.True(head.PrunedThroughSeq > 0);
        Assert.DoesNotContain(await AuditAsync(app, due), a => a.Action == nameof(CaseAction.CarryOut));
        Assert.DoesNotContain(await AuditAsync(app, held), a => a.Action == nameof(CaseAction.CarryOut));
        Assert.Equal(openTrail, (await AuditAsync(app, open)).Count);
        Assert.Contains(await app.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().ToListAsync()), a => a.Action == RetentionActions.AuditPruned);
        chain = await app.App.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        Assert.True(chain.Intact, chain.FirstBreak?.ToString());

        // Moving the checkpoint by hand (hiding more deletions) is caught.
        await app.App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditChainHeads\" SET \"PrunedThroughSeq\" = \"PrunedThroughSeq\" + 1"));
        chain = await app.App.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        Assert.False(chain.Intact);
    }

    [Fact]
    public void A_case_is_due_its_period_after_closure_told_30_days_ahead_and_never_deleted_sooner_than_30_days_after()
    {
        var o = new RetentionOptions { ConcernYears = 6, EvidenceYears = 2, LetterYears = 6 };
        var closed = new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero);
        RetentionCase Case(bool held = false, bool safeguarding = false) => new(1, closed, held, safeguarding, HasEvidence: true, HasLetter: true);

        Assert.Empty(RetentionSchedule.Plan(o, [Case()], (_, _) => null, closed.AddYears(2).AddDays(-31)).Tell);
        var tell = RetentionSchedule.Plan(o, [Case()], (_, _) => null, closed.AddYears(2).AddDays(-30));
        Assert.Equal(RetentionKind.Evidence, Assert.Single(tell.Tell).Kind);
        Assert.Empty(tell.Delete);

        // Told only 5 days ago though due: waits for the full notice.
        Assert.Empty(RetentionSchedule.Plan(o, [Case()], (_, _) => closed.AddYears(2).AddDays(-5), closed.AddYears(2)).Delete);
        Assert.Equal(RetentionKind.Evidence, Assert.Single(RetentionSchedule.Plan(o, [Case()], (_, _) => closed.AddYears(2).AddDays(-30), closed.AddYears(2)).Delete).Kind);

        // The whole case due: one deletion covers its parts.
        var whole = RetentionSchedule.Plan(o, [Case()], (_, _) => closed, closed.AddYears(6));
        Assert.Equal(RetentionKind.Concern, Assert.Single(whole.Delete).Kind);

        // Held: nothing. Safeguarding: told as a review, never deleted. Open: nothing.
        Assert.Empty(RetentionSchedule.Items(o, Case(held: true)));
        var review = RetentionSchedule.Plan(o, [Case(safeguarding: true)], (_, _) => closed, closed.AddYears(10));
        Assert.Empty(review.Delete);
        Assert.True(Assert.Single(RetentionSchedule.Plan(o, [Case(safeguarding: true)], (_, _) => null, closed.AddYears(10)).Tell).ReviewOnly);
        Assert.Empty(RetentionSchedule.Items(o, new RetentionCase(2, null, false, false, true, true)));
    }

    [Theory]
    [InlineData(6, 7, 6, 7, "EvidenceYears")]
    [InlineData(6, 6, 7, 7, "LetterYears")]
    [InlineData(6, 6, 6, 5, "AuditYears")]
    [InlineData(0, 0, 0, 7, "ConcernYears")]
    public void A_schedule_that_keeps_a_part_longer_than_its_case_or_the_trail_shorter_is_refused(int concern, int evidence, int letters, int audit, string named)
    {
        var o = new RetentionOptions { ConcernYears = concern, EvidenceYears = evidence, LetterYears = letters, AuditYears = audit };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(o, new ValidationContext(o), results, validateAllProperties: true)
            && !o.Validate(new ValidationContext(o)).Any());
        Assert.Contains(results.Concat(o.Validate(new ValidationContext(o))), r => r.MemberNames.Contains(named) || (r.ErrorMessage ?? string.Empty).Contains(named, StringComparison.Ordinal));
    }

    /// <summary>SLT place and lift a legal hold from the card, with a reason, through the same handler as the case page.</summary>
    [Fact]
    public async Task SLT_place_and_lift_a_legal_hold_from_the_card_with_a_reason_and_a_teacher_cannot()
    {
        await using var app = await SignedBotApp.StartAsync();
        var id = await DecisionScenario.LogConcernAsync(app);
        var card = (await DecisionScenario.InvokeAsync(app, DecisionScenario.Execute(SignedBotApp.SltMemberId, "refreshCase", new JsonObject { ["caseId"] = id })))["value"]!;
        var teacherCard = (await DecisionScenario.InvokeAsync(app, DecisionScenario.Execute(SignedBotApp.TeacherId, "refreshCase", new JsonObject { ["caseId"] = id })))["value"]!;
        Assert.Contains("placeLegalHold", DecisionScenario.Verbs(card));
        Assert.DoesNotContain("placeLegalHold", DecisionScenario.Verbs(teacherCard));
        var data = DecisionScenario.CardData(card, "placeLegalHold");

        // A teacher's crafted press is refused by the rule; SLT without a reason are asked for one; neither records anything.
        var teacher = await DecisionScenario.InvokeAsync(app, DecisionScenario.Execute(SignedBotApp.TeacherId, "placeLegalHold", WithReason(data, "Because")));
        var noReason = await DecisionScenario.InvokeAsync(app, DecisionScenario.Execute(SignedBotApp.SltMemberId, "placeLegalHold", WithReason(data, "  ")));
        Assert.Contains("Only SLT can place or lift a legal hold", teacher.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Say why", noReason.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.LegalHolds.CountAsync()));

        var placed = (await DecisionScenario.InvokeAsync(app, DecisionScenario.Execute(SignedBotApp.SltMemberId, "placeLegalHold", WithReason(data, "Solicitor's letter received"))))["value"]!;

        Assert.Contains("Legal hold placed", placed.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("releaseLegalHold", DecisionScenario.Verbs(placed));
        var hold = await app.App.WithDbAsync(db => db.LegalHolds.AsNoTracking().SingleAsync());
        Assert.Equal((id, "Solicitor's letter received", SignedBotApp.SltMemberId, (DateTimeOffset?)null), (hold.ConcernId, hold.Reason, hold.PlacedByUserId, hold.ReleasedAt));
        var entry = Assert.Single(await AuditAsync(app, id), a => a.Action == RetentionActions.LegalHoldPlaced);
        Assert.Equal("Solicitor's letter received", entry.Reason);
        Assert.Contains("\"surface\":\"card\"", entry.DetailsJson, StringComparison.Ordinal);
        using (var page = app.TabClient(SignedBotApp.SltMemberId))
        {
            Assert.True((await page.GetFromJsonAsync<JsonObject>($"api/tab/concerns/{id}/legal-hold"))!["held"]!.GetValue<bool>());
        }

        var lifted = await DecisionScenario.InvokeAsync(app, DecisionScenario.Execute(SignedBotApp.SltMemberId, "releaseLegalHold", WithReason(DecisionScenario.CardData(placed, "releaseLegalHold"), "Claim settled")));

        Assert.Contains("Legal hold lifted", lifted.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("Claim settled", (await app.App.WithDbAsync(db => db.LegalHolds.AsNoTracking().SingleAsync())).ReleaseReason);
        Assert.Contains(await AuditAsync(app, id), a => a.Action == RetentionActions.LegalHoldReleased && a.Reason == "Claim settled");
    }

    private static JsonObject WithReason(JsonObject data, string reason)
    {
        var copy = (JsonObject)data.DeepClone();
        copy["holdReason"] = reason;
        return copy;
    }

    /// <summary>Local mode writes letters and invitations as files in outbox/: a case the schedule deletes takes its files with it.</summary>
    [Fact]
    public async Task Deleting_a_case_deletes_its_letters_and_invitations_in_the_outbox_folder_and_spares_those_of_others()
    {
        var outbox = Directory.CreateTempSubdirectory("sca-outbox-").FullName;
        try
        {
            var clock = new ManualTimeProvider(Start);
            await using var app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["Letters:OutboxFolder"] = outbox }, clock: clock);
            Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Activities.ChannelMessage(SignedBotApp.SltMemberId, "use this channel for concerns"))).StatusCode);
            var due = await SeedClosedAsync(app, "Due Parent");
            var held = await SeedClosedAsync(app, "Held Parent");
            await app.App.WithDbAsync(db =>
            {
                db.LegalHolds.Add(new LegalHold { ConcernId = held, Reason = "A claim", PlacedByUserId = SignedBotApp.SltMemberId, PlacedAt = Start });
                return db.SaveChangesAsync();
            });

            // The names the app's own writers give (LetterFolder, MeetingInvitation); another case whose id starts the same.
            string File(string name) => Path.Combine(outbox, name);
            var dueLetter = File(StaffConductAssistant.Features.CarryOutAction.LetterFolder.FileNameFor(StaffConductAssistant.Features.CarryOutAction.OutgoingLetter.IdFor(due, 1, 1)));
            var dueInvitation = File(StaffConductAssistant.Features.ScheduleMeeting.MeetingInvitation.FileNameFor(new CaseMeeting { ConcernId = due, ActionId = 2, Place = "Office", Colleague = "Head", TransactionId = "t", UpdatedByUserId = "u" }));
            var heldLetter = File(StaffConductAssistant.Features.CarryOutAction.LetterFolder.FileNameFor(StaffConductAssistant.Features.CarryOutAction.OutgoingLetter.IdFor(held, 1, 1)));
            var lookalike = File(StaffConductAssistant.Features.CarryOutAction.LetterFolder.FileNameFor(StaffConductAssistant.Features.CarryOutAction.OutgoingLetter.IdFor((due * 10) + 7, 1, 1)));
            var unrelated = File("notes.txt");
            foreach (var path in new[] { dueLetter, dueInvitation, heldLetter, lookalike, unrelated })
            {
                await System.IO.File.WriteAllTextAsync(path, "Dear parent");
            }

            clock.Advance(Start.AddYears(6).AddDays(-20) - Start);
            await app.DrainOutboxAsync();
            Assert.True(System.IO.File.Exists(dueLetter), "deleted before SLT's notice ran out");
            clock.Advance(TimeSpan.FromDays(31));
            await app.DrainOutboxAsync();

            Assert.False(await ExistsAsync(app, due));
            Assert.False(System.IO.File.Exists(dueLetter));
            Assert.False(System.IO.File.Exists(dueInvitation));
            Assert.All(new[] { heldLetter, lookalike, unrelated }, path => Assert.True(System.IO.File.Exists(path), path));
            var deleted = await app.App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Subject == AuditSubjects.Case(due) && a.Action == RetentionActions.RetentionDeleted));
            Assert.Contains("\"files\":2", deleted.DetailsJson, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outbox, recursive: true);
        }
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_a_schedule_that_keeps_evidence_longer_than_its_case()
    {
        await using var app = new AppHost("Production", new Dictionary<string, string?>
        {
            ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
            ["Retention:ConcernYears"] = "3",
            ["Retention:EvidenceYears"] = "6",
        });
        var ex = Assert.ThrowsAny<Exception>(() => app.BaseAddress);
        Assert.Contains("Retention:EvidenceYears", ex.ToString(), StringComparison.Ordinal);
    }

    private static async Task<int> SeedClosedAsync(SignedBotApp app, string parent, CaseState state = CaseState.Closed)
    {
        // Closure is read from the trail: the case reached its last state at the start of the test.
        return await app.App.WithDbAsync(async db =>
        {
            var c = new Concern
            {
                Group = "Year 4", PostedBy = parent, PostedByKey = parent.ToLowerInvariant(), LoggedByUserId = SignedBotApp.SltMemberId,
                LoggedAt = Start.AddMonths(-2), UpdatedAt = Start, State = state, LetterText = "Dear " + parent,
            };
            c.Evidence.Add(new ConcernEvidence { Kind = EvidenceKind.OriginalEmail, FileName = "original.eml", ContentType = "message/rfc822", Size = 3, Sha256 = new string('b', 64), Content = [1, 2, 3] });
            db.Concerns.Add(c);
            await db.SaveChangesAsync();
            var closed = AuditLog.Record(db, SignedBotApp.SltMemberId, "Slt", nameof(CaseAction.CarryOut), AuditSubjects.Case(c.Id), Start);
            closed.FromState = nameof(CaseState.ActionsInProgress);
            closed.ToState = state.ToString();
            await db.SaveChangesAsync();
            return c.Id;
        });
    }

    private static Task<bool> ExistsAsync(SignedBotApp app, int id) => app.App.WithDbAsync(db => db.Concerns.AnyAsync(c => c.Id == id));

    private static Task<List<AuditEntry>> AuditAsync(SignedBotApp app, int id) =>
        app.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == AuditSubjects.Case(id)).ToListAsync());
}
