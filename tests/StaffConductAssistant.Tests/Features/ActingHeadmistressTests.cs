using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>"acting headmistress": the Headmistress names (and revokes) an acting Headmistress, through /api/messages.</summary>
public sealed class ActingHeadmistressTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_Headmistress_appoints_an_SLT_member_whose_decision_is_then_recorded_as_the_acting_Headmistress()
    {
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.SltMemberId));
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.HeadmistressId));

        var card = await CommandCardAsync(SignedBotApp.HeadmistressId);
        var person = Find(card, "person");
        Assert.Contains(person["choices"]!.AsArray(), c => c!["value"]!.GetValue<string>() == SignedBotApp.SltMemberId);
        Assert.DoesNotContain(person["choices"]!.AsArray(), c => c!["value"]!.GetValue<string>() == SignedBotApp.HeadmistressId);
        await AdaptiveCardValidator.AssertValidAsync(card.ToJsonString());

        var answer = await AppointAsync(SignedBotApp.HeadmistressId, SignedBotApp.SltMemberId);
        Assert.Contains("is acting Headmistress from", answer.ToJsonString(), StringComparison.Ordinal);
        var stored = await app.App.WithDbAsync(db => db.ActingHeadAppointments.AsNoTracking().SingleAsync());
        Assert.Equal(SignedBotApp.SltMemberId, stored.UserId);
        Assert.Equal(SignedBotApp.HeadmistressId, stored.AppointedBy);
        Assert.True(stored.From <= DateTimeOffset.UtcNow && DateTimeOffset.UtcNow < stored.Until);
        var audit = await app.App.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "ActingAppointed"));
        Assert.Equal(SignedBotApp.HeadmistressId, audit.ActorId);

        // A colleague's proposal now goes to the acting Headmistress too, and her approval is recorded in that role.
        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id, proposer: SignedBotApp.SecondSltMemberId);
        var actingCard = app.Connector.Requests.Last(r => r.Method == "POST" && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(SignedBotApp.SltMemberId)), StringComparison.Ordinal) && r.Json?["attachments"] is not null);
        var approve = CardData(actingCard.Json!["attachments"]![0]!["content"]!, "approve");
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "approve", approve));
        await SettleAsync(app);

        var concern = await ConcernAsync(app, id);
        Assert.Equal(StaffRole.ActingHeadmistress, concern.DecidedByRole);
        Assert.Equal(SignedBotApp.SltMemberId, concern.DecidedByUserId);
        Assert.Contains(await AuditAsync(app, id), a => a.Action == "Approve" && a.ActorRole == "ActingHeadmistress" && a.ActorId == SignedBotApp.SltMemberId);
    }

    [Fact]
    public async Task No_one_but_the_Headmistress_can_appoint_and_a_revoked_appointment_stops_the_power_to_decide()
    {
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.SltMemberId));
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.HeadmistressId));

        await app.SendAsync(Activities.PersonalMessage(SignedBotApp.SltMemberId, "acting headmistress"));
        Assert.Contains("Only the Headmistress can name an acting Headmistress", app.Connector.Requests[^1].Body, StringComparison.Ordinal);
        var refused = await AppointAsync(SignedBotApp.SltMemberId, SignedBotApp.SltMemberId);
        Assert.Contains("Only the Headmistress", refused.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.ActingHeadAppointments.CountAsync()));

        var appointed = await AppointAsync(SignedBotApp.HeadmistressId, SignedBotApp.SltMemberId);
        var revoke = CardData(appointed["value"]!, "revokeActing");
        var byOther = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "revokeActing", revoke));
        Assert.Contains("Only the Headmistress", byOther.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(await app.App.WithDbAsync(db => db.ActingHeadAppointments.AsNoTracking().Select(a => a.RevokedAt).SingleAsync()));

        var revoked = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "revokeActing", revoke));
        Assert.Contains("Revoked", revoked.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(await app.App.WithDbAsync(db => db.ActingHeadAppointments.AsNoTracking().Select(a => a.RevokedAt).SingleAsync()));
        Assert.Equal(1, await app.App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "ActingRevoked" && a.ActorId == SignedBotApp.HeadmistressId)));

        var id = await LogConcernAsync(app);
        await ProposeAsync(app, id);
        var data = await DataAsync(app, id);
        var answer = await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "approve", data));
        Assert.Contains("Only the Headmistress or the acting Headmistress can decide. Nothing has changed.", Text(answer["value"]!), StringComparison.Ordinal);
        Assert.Equal(CaseState.Proposed, (await ConcernAsync(app, id)).State);
    }

    private async Task<JsonNode> CommandCardAsync(string userId)
    {
        var response = await app.SendAsync(Activities.PersonalMessage(userId, "acting headmistress"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.Connector.Requests[^1].Json!["attachments"]![0]!["content"]!;
    }

    private Task<JsonNode> AppointAsync(string byUserId, string personId)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var data = new JsonObject
        {
            ["personId"] = personId,
            ["from"] = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["until"] = today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return InvokeAsync(app, Execute(byUserId, "appointActing", data));
    }

    private static JsonObject Find(JsonNode card, string id) =>
        card["body"]!.AsArray().OfType<JsonObject>().Single(e => e["id"]?.GetValue<string>() == id);
}
