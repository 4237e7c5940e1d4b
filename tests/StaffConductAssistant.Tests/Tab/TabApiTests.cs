using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>The tab's APIs through the front door: real Teams-style SSO tokens, signed and validated.</summary>
public sealed class TabApiTests : IAsyncLifetime
{
    private TabApiHost host = null!;

    public async Task InitializeAsync() => host = await TabApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_v2_Teams_token_for_the_client_id_signs_the_user_in_with_their_roles()
    {
        var response = await host.As(People.Slt).GetAsync("api/tab/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(People.Slt, me.GetProperty("userId").GetString());
        Assert.True(me.GetProperty("canEditRoster").GetBoolean());
        Assert.False(me.GetProperty("devSignIn").GetBoolean());
    }

    [Fact]
    public async Task A_v1_Teams_token_for_the_application_id_uri_is_accepted()
    {
        var token = host.Token(People.Teacher, audience: TabApiHost.ApplicationIdUri, issuer: $"https://sts.windows.net/{People.TenantId}/");

        var response = await host.Client(token).GetAsync("api/tab/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> BadTokens => new() { "other-tenant", "other-issuer", "other-audience", "expired", "not-yet-valid", "no-scope", "unsigned", "none" };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_token_that_is_not_a_valid_Teams_token_for_this_school_is_refused_with_401(string kind)
    {
        const string otherTenant = "00000000-0000-0000-0000-0000000000bb";
        var token = kind switch
        {
            "other-tenant" => host.Token(People.Slt, issuer: $"https://login.microsoftonline.com/{otherTenant}/v2.0", tenant: otherTenant),
            "other-issuer" => host.Token(People.Slt, issuer: "https://evil.example/v2.0"),
            "other-audience" => host.Token(People.Slt, audience: "api://someone-else/11111111-1111-1111-1111-111111111111"),
            "expired" => host.Token(People.Slt, notBefore: DateTimeOffset.UtcNow.AddHours(-2), expires: DateTimeOffset.UtcNow.AddHours(-1)),
            "not-yet-valid" => host.Token(People.Slt, notBefore: DateTimeOffset.UtcNow.AddHours(1), expires: DateTimeOffset.UtcNow.AddHours(2)),
            "no-scope" => host.Token(People.Slt, scope: "User.Read"),
            "unsigned" => TestTokenIssuer.CreateUnsignedToken(),
            _ => null,
        };

        var me = await host.Client(token).GetAsync("api/tab/me");
        var roster = await host.Client(token).GetAsync("api/tab/roster");

        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, roster.StatusCode);
    }

    [Fact]
    public async Task Outside_local_mode_the_development_sign_in_does_not_exist()
    {
        var client = host.Client(null);
        client.DefaultRequestHeaders.Add("Cookie", "sca-dev-user=" + People.Slt);

        var roster = await client.GetAsync("api/tab/roster");
        var signIn = await client.PostAsJsonAsync("api/tab/dev-sign-in", new { userId = People.Slt });
        var page = await client.GetAsync("tab/sign-in");

        Assert.Equal(HttpStatusCode.Unauthorized, roster.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task A_teacher_cannot_add_edit_retire_or_import_moderators()
    {
        var moderator = await host.App.AddAsync(TabData.Moderator("Year 3", "Priya Shah"));
        var teacher = host.As(People.Teacher);

        var add = await teacher.PostAsJsonAsync("api/tab/roster/moderators", new { group = "Year 2", parentName = "Someone", acknowledgedCodeOfConduct = true });
        var edit = await teacher.PutAsJsonAsync($"api/tab/roster/moderators/{moderator.Id}", new { group = "Year 3", parentName = "Changed", version = moderator.Version });
        var retire = await teacher.PostAsJsonAsync($"api/tab/roster/moderators/{moderator.Id}/retire", new { version = moderator.Version });
        var import = await teacher.PostAsync("api/tab/roster/import/preview", new StringContent("Group,Parent name\r\nYear 2,X\r\n", Encoding.UTF8, "text/csv"));
        var changes = await teacher.GetAsync("api/tab/roster/changes");

        Assert.All(new[] { add, edit, retire, import, changes }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        var unchanged = await host.App.WithDbAsync(db => db.Moderators.SingleAsync(m => m.Id == moderator.Id));
        Assert.Equal("Priya Shah", unchanged.ParentName);
        Assert.Null(unchanged.RetiredAt);
    }

    [Fact]
    public async Task A_teacher_sees_only_the_concerns_they_logged_and_others_are_not_found()
    {
        var mine = await host.App.AddAsync(TabData.Concern("Year 4", "Dan Hughes", People.Teacher));
        var theirs = await host.App.AddAsync(TabData.Concern("Year 4", "Dan Hughes", People.OtherTeacher));
        var teacher = host.As(People.Teacher);

        var list = await teacher.GetFromJsonAsync<JsonElement>("api/tab/concerns");
        var other = await teacher.GetAsync($"api/tab/concerns/{theirs.Id}");
        var own = await teacher.GetFromJsonAsync<JsonElement>($"api/tab/concerns/{mine.Id}");
        var overview = await teacher.GetAsync("api/tab/overview");

        Assert.Equal([mine.Id], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Empty(own.GetProperty("parentHistory").EnumerateArray());
        Assert.Equal(HttpStatusCode.Forbidden, overview.StatusCode);
    }

    [Fact]
    public async Task SLT_see_every_concern_with_overdue_decisions_first()
    {
        var recent = await host.App.AddAsync(TabData.Concern("Year 2", "Ann Lee", People.Teacher, loggedAt: DateTimeOffset.UtcNow.AddHours(-1)));
        var overdue = TabData.Concern("Year 5", "Bob Fox", People.OtherTeacher, CaseState.Proposed, DateTimeOffset.UtcNow.AddDays(-10));
        overdue.ProposedAt = DateTimeOffset.UtcNow.AddDays(-5);
        overdue.ProposalVersion = 1;
        await host.App.AddAsync(overdue);

        var list = await host.As(People.Slt).GetFromJsonAsync<JsonElement>("api/tab/concerns");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([overdue.Id, recent.Id], items.Select(i => i.GetProperty("id").GetInt32()));
        Assert.True(items[0].GetProperty("overdue").GetBoolean());
    }

    [Fact]
    public async Task The_overview_counts_without_names()
    {
        await host.App.AddAsync(TabData.Concern("Year 4", "Dan Hughes", People.Teacher));
        await host.App.AddAsync(TabData.Concern("Year 4", "Eve Stone", People.Teacher, CaseState.Closed));

        var json = await host.As(People.Headmistress).GetStringAsync("api/tab/overview");
        var csv = await host.As(People.Slt).GetStringAsync("api/tab/overview.csv");

        using var doc = JsonDocument.Parse(json);
        Assert.Equal(2, doc.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("open").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("byGroup").EnumerateArray(), g => g.GetProperty("label").GetString() == "Year 4" && g.GetProperty("total").GetInt32() == 2);
        foreach (var text in new[] { json, csv })
        {
            Assert.DoesNotContain("Dan Hughes", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Eve Stone", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("parent@example.org", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Editing_a_moderator_records_who_when_before_and_after()
    {
        var moderator = await host.App.AddAsync(TabData.Moderator("Year 3", "Priya Shah", acknowledged: false));

        var response = await host.As(People.Slt).PutAsJsonAsync($"api/tab/roster/moderators/{moderator.Id}",
            new { group = "Year 3", parentName = "Priya Shah", contact = "priya@example.org", notifiedOn = "2025-09-10", acknowledgedCodeOfConduct = true, version = moderator.Version });
        var stale = await host.As(People.Slt).PutAsJsonAsync($"api/tab/roster/moderators/{moderator.Id}",
            new { group = "Year 3", parentName = "Someone Else", version = moderator.Version });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var audit = await host.App.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.Subject == "moderator:" + moderator.Id));
        Assert.Equal(People.Slt, audit.ActorId);
        Assert.Equal("roster.edit", audit.Action);
        using var details = JsonDocument.Parse(audit.DetailsJson!);
        Assert.False(details.RootElement.GetProperty("before").GetProperty("acknowledgedCodeOfConduct").GetBoolean());
        Assert.True(details.RootElement.GetProperty("after").GetProperty("acknowledgedCodeOfConduct").GetBoolean());
        Assert.Equal("priya@example.org", details.RootElement.GetProperty("after").GetProperty("contact").GetString());
    }

    [Fact]
    public async Task A_moderator_for_a_group_the_school_does_not_have_is_refused_with_the_field_named()
    {
        var response = await host.As(People.Slt).PostAsJsonAsync("api/tab/roster/moderators", new { group = "Year 9", parentName = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("group", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("parentName", out _));
    }

    [Fact]
    public async Task An_import_changes_nothing_until_applied_and_then_exactly_what_was_previewed()
    {
        var existing = await host.App.AddAsync(TabData.Moderator("Year 3", "Priya Shah", acknowledged: false));
        var csv = $"Id,Group,Parent name,Contact,Date school told,Code of conduct acknowledged\r\n{existing.Id},Year 3,Priya Shah,'+44 7700 900123,2025-09-10,Yes\r\n,year 2,Tom Baker,tom@example.org,15/09/2025,No\r\n";
        var slt = host.As(People.Slt);

        var preview = await (await slt.PostAsync("api/tab/roster/import/preview", new StringContent(csv, Encoding.UTF8, "text/csv"))).Content.ReadFromJsonAsync<JsonElement>();
        var countAfterPreview = await host.App.WithDbAsync(db => db.Moderators.CountAsync());
        var wrongToken = await slt.PostAsync("api/tab/roster/import?token=stale", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var applied = await slt.PostAsync("api/tab/roster/import?token=" + preview.GetProperty("token").GetString(), new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(1, preview.GetProperty("adds").GetInt32());
        Assert.Equal(1, preview.GetProperty("updates").GetInt32());
        Assert.Equal(1, countAfterPreview);
        Assert.Equal(HttpStatusCode.Conflict, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        var moderators = await host.App.WithDbAsync(db => db.Moderators.OrderBy(m => m.Id).ToListAsync());
        Assert.True(moderators[0].AcknowledgedCodeOfConduct);
        Assert.Equal("+44 7700 900123", moderators[0].Contact);
        Assert.Equal(("Year 2", "Tom Baker", new DateOnly(2025, 9, 15)), (moderators[1].Group, moderators[1].ParentName, moderators[1].NotifiedOn!.Value));
        Assert.Equal(2, await host.App.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action.StartsWith("roster.import"))));
    }

    [Fact]
    public async Task Tab_pages_may_be_framed_only_by_Teams_and_run_only_the_apps_own_scripts()
    {
        var response = await host.Client(null).GetAsync("tab/roster");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(';', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self' teams.microsoft.com *.teams.microsoft.com *.cloud.microsoft", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client(null).GetAsync("tab/lib/teams.js")).StatusCode);
    }
}
