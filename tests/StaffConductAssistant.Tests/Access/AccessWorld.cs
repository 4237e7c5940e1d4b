using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Features;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Access;

/// <summary>Everyone the access rule has to tell apart, by Entra object id.</summary>
public static class Who
{
    public const string Logger = SignedBotApp.TeacherId;
    public const string OtherTeacher = "00000000-0000-0000-0000-00000000b005";
    public const string NamedTeacher = "00000000-0000-0000-0000-00000000b006";
    public const string NamedSlt = "00000000-0000-0000-0000-00000000b007";
    public const string Slt = SignedBotApp.SltMemberId;
    public const string Dsl = "00000000-0000-0000-0000-00000000b008";
    public const string Headmistress = SignedBotApp.HeadmistressId;
    public const string Acting = SignedBotApp.SecondSltMemberId;
    public const string Guest = "00000000-0000-0000-0000-00000000b00a";

    /// <summary>A request with no Entra object id at all.</summary>
    public const string NoUser = "";

    public static readonly IReadOnlyList<string> Everyone = [Logger, OtherTeacher, NamedTeacher, NamedSlt, Slt, Dsl, Headmistress, Acting, Guest, NoUser];

    public static string Label(string id) => id switch
    {
        Logger => "the logger",
        OtherTeacher => "another teacher",
        NamedTeacher => "a teacher named in it",
        NamedSlt => "an SLT member named in it",
        Slt => "SLT",
        Dsl => "the DSL",
        Headmistress => "the Headmistress",
        Acting => "the acting Headmistress",
        Guest => "a guest",
        _ => "no user id",
    };
}

/// <summary>
/// One school, set up only through the front door: people in Entra groups (the Graph stand-in), their 1:1 chats, the
/// SLT channel, an acting Headmistress appointed by the Headmistress, and two concerns about the same parent.
/// <see cref="Safeguarding"/> is logged from an email through the API by the logger; it names a child at risk, a
/// teacher and an SLT member. <see cref="Plain"/> is logged from a Teams dialog by another teacher, naming nobody.
/// </summary>
public sealed class AccessWorld : IAsyncLifetime
{
    /// <summary>Words of the safeguarding case that no refused answer may contain.</summary>
    public static readonly string[] SafeguardingWords = ["Daniel Price", "Zebra flamingo", "Hannah Okafor", "Tobias", "Sarah Smith", "Mrs Smith", "Tom Turner"];

    public static readonly string[] PlainWords = ["Daniel Price", "Marmalade penguin", "Priya Shah"];

    private static readonly string[] Threatening = ["threatening-behaviour"];
    private static readonly string[] Child = ["Tobias"];
    private static readonly string[] Staff = ["Mrs Smith", "Mr Turner"];

    public SignedBotApp App { get; private set; } = null!;

    public int Plain { get; private set; }

    public int Safeguarding { get; private set; }

    public async Task InitializeAsync()
    {
        App = await SignedBotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Roles:DslUserId"] = Who.Dsl,
            [$"Roles:StaffNames:{Who.NamedTeacher}"] = "Sarah Smith",
        });
        foreach (var staff in new[] { Who.OtherTeacher, Who.NamedTeacher, Who.NamedSlt, Who.Dsl })
        {
            App.Graph.AddMembership(staff, SignedBotApp.StaffGroupId);
        }

        App.Graph.AddMembership(Who.NamedSlt, SignedBotApp.SltGroupId);

        // The SLT member is found by surname in the directory; the teacher by the configured staff names.
        App.Graph.AddUser(Who.NamedSlt, "Tom Turner", "Turner");

        foreach (var person in Who.Everyone.Where(p => p.Length > 0))
        {
            await App.SendAsync(Activities.PersonalInstall(person));
        }

        Assert.Equal(HttpStatusCode.OK, (await App.SendAsync(Activities.ChannelMessage(Who.Slt, "use this channel for concerns", DecisionScenario.SltChannelId))).StatusCode);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var appointed = await DecisionScenario.InvokeAsync(App, DecisionScenario.Execute(Who.Headmistress, "appointActing", new JsonObject
        {
            ["personId"] = Who.Acting,
            ["from"] = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["until"] = today.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }));
        Assert.Contains("is acting Headmistress", appointed.ToJsonString(), StringComparison.Ordinal);

        Plain = await LogPlainAsync();
        Safeguarding = await LogSafeguardingAsync();
        await DecisionScenario.SettleAsync(App);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>Sends an invoke as this person; with no user id, the activity's <c>from</c> carries no aadObjectId.</summary>
    public async Task<JsonNode> InvokeAsAsync(string person, JsonObject activity)
    {
        if (person.Length == 0)
        {
            activity["from"]!.AsObject().Remove("aadObjectId");
        }

        return await DecisionScenario.InvokeAsync(App, activity);
    }

    public HttpClient Tab(string person)
    {
        if (person.Length > 0)
        {
            return App.TabClient(person);
        }

        // A token with no oid: Entra never issues one for a user, so the app must refuse it.
        var client = App.App.CreateHttpClient();
        var token = App.Issuer.CreateToken(new TestTokenOptions
        {
            Issuer = $"https://login.microsoftonline.com/{SignedBotApp.TenantId}/v2.0",
            ServiceUrl = null,
            Claims = new Dictionary<string, object> { ["tid"] = SignedBotApp.TenantId, ["scp"] = "access_as_user" },
        });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>What must not change when a request is refused: the case's version and state, and its audit trail bar refusals.</summary>
    public Task<(int Version, string State, int Steps)> SnapshotAsync(int id) => App.App.WithDbAsync(async db =>
    {
        var c = await db.Concerns.AsNoTracking().SingleAsync(x => x.Id == id);
        var subject = AuditSubjects.Case(id);
        var steps = await db.AuditEntries.CountAsync(a => a.Subject == subject && a.Action != AuditActions.AccessRefused && a.Action != AuditActions.Viewed);
        return (c.Version, c.State.ToString(), steps);
    });

    private async Task<int> LogPlainAsync()
    {
        var answer = await DecisionScenario.InvokeAsync(App, Activities.Invoke(Who.OtherTeacher, "composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["data"] = new JsonObject
            {
                ["reporterName"] = "Priya Shah",
                ["group"] = "Year 4",
                ["postedBy"] = "Daniel Price",
                ["quote"] = "Marmalade penguin remark about the election",
                ["conduct"] = "political-opinions",
            },
        }));
        Assert.Contains("Logged as concern", answer.ToJsonString(), StringComparison.Ordinal);
        return await App.App.WithDbAsync(db => db.Concerns.Where(c => c.LoggedByUserId == Who.OtherTeacher).Select(c => c.Id).SingleAsync());
    }

    private async Task<int> LogSafeguardingAsync()
    {
        using var client = App.TabClient(Who.Logger);
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml")));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var draft = await client.PostAsync("api/email-drafts", content);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var draftId = (await draft.Content.ReadFromJsonAsync<JsonObject>())!["draftId"]!.GetValue<string>();
        var logged = await client.PostAsJsonAsync("api/concerns", new
        {
            draftId,
            reporterName = "Hannah Okafor",
            group = "Year 4",
            postedBy = "Daniel Price",
            quote = "Zebra flamingo: Mrs Smith and Mr Turner should watch out, and so should Tobias",
            conduct = Threatening,
            namedChildren = Child,
            namedStaff = Staff,
            childAtRisk = true,
        });
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        return (await logged.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
    }
}
