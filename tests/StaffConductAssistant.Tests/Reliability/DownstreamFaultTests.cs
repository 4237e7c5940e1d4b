using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Reliability;

/// <summary>
/// Issue 16, item 5: the connector stand-in answers 429 (with Retry-After), 412, 502 and "activity not found" while the
/// app updates every copy of a card after a decision. (Graph's 429 with Retry-After and 503 three times are in
/// LetterDeliveryTests.) Every wait honours Retry-After, one copy that is gone does not stop the others, the outbox
/// finishes, and no conversation gets more than Teams' 7 operations a second (teams-protocol.md, "Rate limits").
/// </summary>
public sealed class DownstreamFaultTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["Letters:SenderMailbox"] = "office@stjohnspriory.example" });

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Card_updates_ride_out_429_412_502_and_a_deleted_copy_and_stay_within_the_rate_limit()
    {
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var data = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        var copies = await CopiesAsync(app, id);
        Assert.True(copies.Count >= 3, "the SLT channel, the logger and the Headmistress each have a copy");
        var before = app.Connector.Requests.Count;

        app.Connector.Then(
            new FakeResponse(404, """{"error":{"code":"ActivityNotFound","message":"The activity was not found."}}"""),
            new FakeResponse(429, """{"error":{"code":"TooManyRequests"}}""", RetryAfterSeconds: 2),
            new FakeResponse(412, """{"error":{"code":"PreconditionFailed"}}"""),
            new FakeResponse(502));
        var answer = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, CaseVerbs.Approve, data));
        Assert.Contains("Approved.", Text(answer["value"]!), StringComparison.Ordinal);
        await WaitForOutboxAsync();

        var after = app.Connector.Requests.Skip(before).ToList();
        var puts = after.Where(r => r.Method == "PUT").ToList();

        // The copy that answered "activity not found" is given up at once; every other copy got its update.
        var gone = puts[0].Path;
        foreach (var copy in copies.Where(c => c.ActivityId is not null && !gone.EndsWith("/activities/" + Uri.EscapeDataString(c.ActivityId!), StringComparison.Ordinal)))
        {
            Assert.Contains(puts, p => p.Path.EndsWith("/activities/" + Uri.EscapeDataString(copy.ActivityId!), StringComparison.Ordinal));
        }

        // Retry-After: 2 s was waited before the next request.
        var throttled = after.FindIndex(r => r.Method == "PUT") + 1;
        Assert.True(after[throttled + 1].At - after[throttled].At >= TimeSpan.FromSeconds(1.9), "Retry-After was honoured");

        // No conversation had more than 7 operations in any one second.
        foreach (var conversation in after.GroupBy(r => r.Path.Split("/activities")[0]))
        {
            var times = conversation.Select(r => r.At).Order().ToList();
            for (var i = 7; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 7] >= TimeSpan.FromSeconds(1), $"{conversation.Key}: 8 operations within a second");
            }
        }

        // Nothing was given up: the decision stands once, the letter went once.
        var failed = await app.App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.LastError != null && m.CompletedAt != null).CountAsync());
        Assert.Equal(0, failed);
        Assert.Single(await AuditAsync(app, id), a => a.Action == nameof(CaseAction.Approve));
        Assert.Single(app.Graph.SentMail);
    }

    private async Task WaitForOutboxAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            // Reminders wait days on purpose; anything due within a minute (a retry) is still to come.
            var soon = app.Now.AddMinutes(1);
            var due = await app.App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.CompletedAt == null).Select(m => m.NextAttemptAt).ToListAsync());
            if (due.All(at => at > soon))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The outbox did not finish in 30 seconds.");
    }
}
