using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// A logged concern with its cards in the SLT channel and the logger's chat, reached only through /api/messages
/// (signed tokens) plus a direct insert of the concern (the log-concern dialog is a separate feature).
/// </summary>
public static class DecisionScenario
{
    public const string SltChannelId = "19:slt@thread.tacv2";

    public static async Task<int> LogConcernAsync(SignedBotApp app, bool installHeadmistress = true)
    {
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.TeacherId));
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.SltMemberId));
        if (installHeadmistress)
        {
            await app.SendAsync(Activities.PersonalInstall(SignedBotApp.HeadmistressId));
        }

        var channel = await app.SendAsync(Activities.ChannelMessage(SignedBotApp.SltMemberId, "use this channel for concerns", SltChannelId));
        Assert.Equal(HttpStatusCode.OK, channel.StatusCode);

        var id = await app.App.WithDbAsync(async db =>
        {
            var concern = new Concern
            {
                LoggedAt = app.Now.AddHours(-1),
                LoggedByUserId = SignedBotApp.TeacherId,
                LoggedByName = "Tom Teacher",
                ReporterName = "A worried parent",
                Group = "Year 4",
                PostedBy = "Dan Price",
                PostedByKey = ConcernLists.ParentKey("Dan Price"),
                Quote = "Mrs Smith is useless and everyone knows it. Don't trust a word she says.",
                ConductIdsJson = ConcernLists.Write(["abusive-personal-comments"]),
                UpdatedAt = app.Now,
            };
            db.Concerns.Add(concern);
            await db.SaveChangesAsync();
            AuditLog.Record(db, new StaffConductAssistant.Cases.AuditEvent(
                SignedBotApp.TeacherId, StaffConductAssistant.Cases.StaffRole.Staff, concern.LoggedAt,
                StaffConductAssistant.Cases.CaseState.Logged, StaffConductAssistant.Cases.CaseState.Logged, StaffConductAssistant.Cases.CaseAction.Log, null), concern.Id);
            Outbox.Enqueue(db, CaseCopies.PublishKind, new PublishConcern(concern.Id, app.ServiceUrl, Activities.TeamsUserId(SignedBotApp.TeacherId), SignedBotApp.TeacherId, SignedBotApp.TenantId, Activities.BotId), app.Now);
            await db.SaveChangesAsync();
            return concern.Id;
        });
        await SettleAsync(app);
        return id;
    }

    /// <summary>
    /// Waits until no outbox work is due or running. The app's own outbox loop runs it (woken after each action); running it
    /// from the test as well would race that loop, which the app never does.
    /// </summary>
    public static async Task SettleAsync(SignedBotApp app)
    {
        for (var i = 0; i < 200; i++)
        {
            var now = app.Now; // The app's clock decides what is due (a test may have fixed it).
            var due = await app.App.WithDbAsync(db => db.Outbox.AsNoTracking().Where(m => m.CompletedAt == null).Select(m => m.NextAttemptAt).ToListAsync());

            // Work due in a few milliseconds (a step recorded a millisecond after another) counts as due, whatever pace
            // the app's clock keeps; work delayed on purpose (reminders) does not. Claimed work keeps its due time.
            if (due.All(at => at > now + TimeSpan.FromMilliseconds(100)))
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The outbox did not settle in 5 seconds.");
    }

    public static Task<Concern> ConcernAsync(SignedBotApp app, int id) =>
        app.App.WithDbAsync(db => db.Concerns.AsNoTracking().Include(c => c.Actions).SingleAsync(c => c.Id == id));

    public static Task<List<SentCard>> CopiesAsync(SignedBotApp app, int id) =>
        app.App.WithDbAsync(db => db.SentCards.AsNoTracking().Where(s => s.ConcernId == id).OrderBy(s => s.Id).ToListAsync());

    public static Task<List<AuditEntry>> AuditAsync(SignedBotApp app, int id) =>
        app.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == AuditSubjects.Case(id)).OrderBy(a => a.At).ToListAsync());

    /// <summary>The data a card drawn now carries for this case.</summary>
    public static async Task<JsonObject> DataAsync(SignedBotApp app, int id)
    {
        var concern = await ConcernAsync(app, id);
        return ConcernCard.ActionData(concern, DateTimeOffset.UtcNow);
    }

    public static JsonObject Execute(string userId, string verb, JsonObject data, string? conversationId = null, string conversationType = "personal", string? replyToId = null) =>
        Activities.Invoke(userId, "adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.Parent is null ? data : data.DeepClone() },
            ["trigger"] = "manual",
        }, conversationType, conversationId, replyToId);

    /// <summary>POSTs the invoke and returns the body Teams would get: {statusCode, type, value}.</summary>
    public static async Task<JsonNode> InvokeAsync(SignedBotApp app, JsonObject activity)
    {
        var response = await app.SendAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static JsonObject ProposeData(JsonObject data, string responses = "cautionary-notice", string? reason = "Personal abuse of a teacher; first incident, so a cautionary notice is proportionate.", string letterTemplate = "cautionary-notice", string? letterText = null, string? recipient = "dan.price@example.org")
    {
        var d = (JsonObject)data.DeepClone();
        d["responses"] = responses;
        if (reason is not null)
        {
            d["reason"] = reason;
        }

        d["letterTemplate"] = letterTemplate;
        d["letterText"] = letterText ?? "Dear Dan Price,\n\nA cautionary notice.\n\nMrs Michelle Jenkin";
        if (recipient is not null)
        {
            d["letterRecipient"] = recipient;
        }

        return d;
    }

    /// <summary>SLT proposes from the channel card; returns the answer.</summary>
    public static async Task<JsonNode> ProposeAsync(SignedBotApp app, int id, string? letterText = null, string proposer = SignedBotApp.SltMemberId)
    {
        var answer = await InvokeAsync(app, Execute(proposer, "propose", ProposeData(await DataAsync(app, id), letterText: letterText), SltChannelId + ";messageid=activity-1", "channel", "activity-1"));
        await SettleAsync(app);
        return answer;
    }

    /// <summary>The Headmistress's 1:1 card, as the connector received it.</summary>
    public static RecordedRequest HeadmistressCard(SignedBotApp app) =>
        app.Connector.Requests.Last(r => r.Method == "POST" && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(SignedBotApp.HeadmistressId)), StringComparison.Ordinal) && r.Json?["attachments"] is not null);

    public static JsonObject CardData(JsonNode card, string verb)
    {
        var found = Find(card, verb) ?? throw new Xunit.Sdk.XunitException($"No Action.Execute with verb {verb} in the card.");
        return (JsonObject)found["data"]!.DeepClone();
    }

    public static IEnumerable<string> Verbs(JsonNode card) => All(card).Where(n => n["type"]?.GetValue<string>() == "Action.Execute").Select(n => n["verb"]!.GetValue<string>());

    public static string Text(JsonNode card) => card.ToJsonString();

    private static JsonObject? Find(JsonNode card, string verb) =>
        All(card).FirstOrDefault(n => n["type"]?.GetValue<string>() == "Action.Execute" && n["verb"]?.GetValue<string>() == verb);

    internal static IEnumerable<JsonObject> All(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                yield return o;
                foreach (var (_, child) in o)
                {
                    foreach (var x in All(child))
                    {
                        yield return x;
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    foreach (var x in All(child))
                    {
                        yield return x;
                    }
                }

                break;
        }
    }
}
