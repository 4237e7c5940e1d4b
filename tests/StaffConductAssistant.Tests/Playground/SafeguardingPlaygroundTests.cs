using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Playground.PlaygroundCards;

namespace StaffConductAssistant.Tests.Playground;

/// <summary>
/// A safeguarding concern reaches the Designated Safeguarding Lead in the Agents Playground: Adele Vance (a teacher)
/// logs an email naming a child at risk in her window; Isaiah Langer (the DSL, Roles:Users as in
/// appsettings.Development.json) gets the concern's card in his, proactively, and records it as handled.
/// </summary>
[Collection(PlaygroundTestGroup.Name)]
public sealed class SafeguardingPlaygroundTests : IAsyncLifetime, IDisposable
{
    private AppHost app = null!;
    private PlaygroundInstance teacher = null!;
    private PlaygroundInstance dsl = null!;

    public async Task InitializeAsync()
    {
        app = new AppHost("Development", new Dictionary<string, string?>
        {
            [$"Roles:Users:{PlaygroundUser.AdeleVance.AadObjectId}"] = "Staff",
            [$"Roles:Users:{PlaygroundUser.IsaiahLanger.AadObjectId}"] = "Staff,Dsl",
            ["Outbox:PollInterval"] = "00:00:00.050",
        });
        var endpoint = app.MessagesEndpoint;
        var started = await Task.WhenAll(
            PlaygroundInstance.StartAsync(endpoint, PlaygroundUser.AdeleVance),
            PlaygroundInstance.StartAsync(endpoint, PlaygroundUser.IsaiahLanger));
        (teacher, dsl) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        await teacher.DisposeAsync();
        await dsl.DisposeAsync();
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task A_concern_naming_a_child_at_risk_reaches_the_DSL_who_records_it_as_handled()
    {
        await teacher.InstallAsync();
        await dsl.InstallAsync();
        await teacher.WaitForAsync(e => e.Action == "createMessage", what: "the welcome");
        await dsl.WaitForAsync(e => e.Action == "createMessage", what: "the welcome");

        var form = await OpenLogFormAsync(teacher, "emailed-post-1", "01-staff-criticism-year4.eml");
        var data = FormData(form);
        data["childAtRisk"] = "true";
        data["namedChildren"] = "Josh";
        var submitted = await teacher.InvokeAsync("composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["data"] = data,
        });
        Assert.Contains("Logged as concern #1", submitted?.ToJsonString(), StringComparison.Ordinal);

        // The DSL's window: the concern's card, with the safeguarding banner and the button to record it.
        var card = await dsl.WaitForAsync(e => e.Action == "createMessage" && Mentions(e, "WhatsApp concern #1"), what: "the safeguarding card");
        Assert.Contains("Safeguarding: a child may be at risk", card.Card!.ToJsonString(), StringComparison.Ordinal);
        var own = (await dsl.ExecuteAsync(card.MessageId, "refreshCase", ButtonData(card.Card!, null)))?["value"] as JsonObject
            ?? throw new Xunit.Sdk.XunitException("No DSL view came back.");
        var record = ButtonData(own, "recordSafeguarding");
        record["safeguardingNote"] = "Referred under the safeguarding procedure.";
        var recorded = await dsl.ExecuteAsync(card.MessageId, "recordSafeguarding", record);
        Assert.Contains("Recorded: handled under the safeguarding procedures", recorded?.ToJsonString(), StringComparison.Ordinal);

        var concern = await app.WithDbAsync(db => db.Concerns.AsNoTracking().SingleAsync());
        Assert.True(concern.Safeguarding);
        Assert.NotNull(concern.DslToldAt);
        Assert.Equal(PlaygroundUser.IsaiahLanger.AadObjectId, concern.SafeguardingHandledBy);
        var trail = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Subject == AuditSubjects.Case(concern.Id)).Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditActions.DslSent, trail);
        Assert.Contains(AuditActions.SafeguardingRecorded, trail);
    }
}
