using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// Summer time, through /api/messages and the tab's API: in July the stored UTC is an hour behind the school's clock.
/// Cards carry UTC in DATE()/TIME() (each reader's Teams shows their own time); the texts the app writes once and shows on
/// both the card and the page (an action's detail, a note) are in the school's time, 10:00 for 09:00 UTC.
/// </summary>
public sealed partial class SummerTimeCardTests : IAsyncLifetime
{
    // 09:00 UTC on 1 July is 10:00 at the school. The clock creeps (a thousand times slower than real time), so the minute holds.
    private readonly CreepingClock clock = new(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.Zero));

    // 23:30 UTC on 30 June: already 1 July at the school.
    private static readonly DateTimeOffset LateJune = new(2026, 6, 30, 23, 30, 0, TimeSpan.Zero);

    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync(new Dictionary<string, string?> { ["Letters:SenderMailbox"] = "office@stjohnspriory.example" }, clock);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Action_details_and_notes_are_in_the_schools_summer_time_and_card_dates_are_well_formed_DATE_functions()
    {
        await SeedEarlierConcernsAsync();
        var id = await LogConcernAsync(app);
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", ProposeData(await DataAsync(app, id), responses: "cautionary-notice,meeting"), SltChannelId, "channel"));
        await SettleAsync(app);
        var approve = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", approve));
        await SettleAsync(app);

        var card = LastChannelCard();
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, CaseVerbs.CompleteAction, CardData(card, CaseVerbs.CompleteAction), SltChannelId, "channel"));
        await SettleAsync(app);
        var closed = Text(LastChannelCard());

        // The letter's and the meeting's details: written once, in the school's time, shown as they are.
        Assert.Contains("emailed to dan.price@example.org on 1 Jul 2026, 10:00", closed, StringComparison.Ordinal);
        Assert.Contains("marked done by", closed, StringComparison.Ordinal);
        Assert.Contains("on 1 Jul 2026, 10:00", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("2026, 09:00", closed, StringComparison.Ordinal);

        // Every time on the card is a template function exactly as the text-functions spec writes it, never escaped
        // into literal text (an escaped brace is what once drew "{{DATE(...)}}" on a picture).
        Assert.DoesNotContain("\\\\{", closed, StringComparison.Ordinal);
        var functions = AnyFunction().Matches(closed).Select(m => m.Value).ToList();
        Assert.NotEmpty(functions);
        Assert.All(functions, f => Assert.Matches(WellFormed(), f));

        // The precedent (another parent's earlier concern) and this parent's history carry their dates as DATE(), in UTC.
        Assert.Contains("{{DATE(2026-06-30T23:30:00Z, SHORT)}}, Abusive", closed, StringComparison.Ordinal);
        Assert.Contains("The latest, logged {{DATE(2026-06-01T08:00:00Z, SHORT)}}: ", closed, StringComparison.Ordinal);

        // The same details on the tab's case page, in the school's time.
        using var slt = TabClient(SignedBotApp.SltMemberId);
        var page = (await slt.GetFromJsonAsync<JsonObject>($"api/tab/concerns/{id}"))!;
        var details = page["actions"]!.AsArray().Select(a => a!["detail"]!.GetValue<string>()).ToList();
        Assert.Contains(details, d => d.StartsWith("emailed to dan.price@example.org on 1 Jul 2026, 10:00", StringComparison.Ordinal));
        Assert.Contains(details, d => d.EndsWith("on 1 Jul 2026, 10:00", StringComparison.Ordinal) && d.StartsWith("marked done by", StringComparison.Ordinal));
        Assert.DoesNotContain(details, d => d.Contains("{{", StringComparison.Ordinal));

        // A button pressed on an out-of-date card: the note says when the case changed, in the school's time.
        var stale = await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", approve));
        var note = Text(stale["value"]!);
        Assert.Contains("This case changed after your card was shown", note, StringComparison.Ordinal);
        Assert.Contains("on 1 Jul 2026, 10:00.", note, StringComparison.Ordinal);
    }

    /// <summary>Another parent's closed concern of the same kind (a precedent) and Dan Price's own, answered, in June.</summary>
    private Task<int> SeedEarlierConcernsAsync() => app.App.WithDbAsync(async db =>
    {
        db.Concerns.Add(Closed("Sam Hill", LateJune));
        db.Concerns.Add(Closed("Dan Price", new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero)));
        return await db.SaveChangesAsync();
    });

    private static Concern Closed(string parent, DateTimeOffset at) => new()
    {
        LoggedAt = at,
        UpdatedAt = at.AddDays(1),
        LoggedByUserId = SignedBotApp.TeacherId,
        Group = "Year 4",
        PostedBy = parent,
        PostedByKey = ConcernLists.ParentKey(parent),
        Quote = "An earlier message.",
        ConductIdsJson = ConcernLists.Write(["abusive-personal-comments"]),
        State = CaseState.Closed,
    };

    /// <summary>The tab's staff sign-in checks a token's lifetime by the real clock, not the app's July one.</summary>
    private HttpClient TabClient(string userId)
    {
        var client = app.App.CreateHttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", app.Issuer.CreateToken(new TestTokenOptions
        {
            Issuer = $"https://login.microsoftonline.com/{SignedBotApp.TenantId}/v2.0",
            Audience = TestTokenIssuer.DefaultAppId,
            ServiceUrl = null,
            NotBefore = DateTimeOffset.UtcNow.AddMinutes(-1),
            Expires = DateTimeOffset.UtcNow.AddMinutes(30),
            Claims = new Dictionary<string, object> { ["oid"] = userId, ["tid"] = SignedBotApp.TenantId, ["scp"] = "access_as_user", ["name"] = "Test User" },
        }));
        return client;
    }

    private JsonNode LastChannelCard() =>
        app.Connector.Requests.Last(r => r.Method is "POST" or "PUT" && r.Path.Contains("19%3Aslt", StringComparison.Ordinal) && r.Json?["attachments"] is not null)
            .Json!["attachments"]![0]!["content"]!;

    [GeneratedRegex(@"\{\{(DATE|TIME)\([^}]*\}\}")]
    private static partial Regex AnyFunction();

    // Adaptive Cards text functions: {{DATE(2017-02-14T06:08:39Z, SHORT)}} / {{TIME(2017-02-14T06:08:39Z)}}; RFC 3339 in UTC.
    [GeneratedRegex(@"^\{\{(DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, (SHORT|LONG|COMPACT)\)|TIME\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\))\}\}$")]
    private static partial Regex WellFormed();
}
