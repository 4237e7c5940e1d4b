using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.Features;

/// <summary>Issue 11: each concern's subject is a parent record; the form links the typed name to one, or creates one.</summary>
public sealed class ParentRecordTests : IAsyncLifetime
{
    private TabApiHost host = null!;

    public async Task InitializeAsync() => host = await TabApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    internal static JsonObject Form(string postedBy, string group = "Year 4", string? parentId = null, string quote = "The way Miss Turner runs that class is a joke.") => new()
    {
        ["group"] = group,
        ["postedBy"] = postedBy,
        ["quote"] = quote,
        ["conduct"] = new JsonArray("grievances-about-people"),
        ["reporterName"] = "A worried parent",
        ["childAtRisk"] = false,
        ["parentId"] = parentId,
    };

    internal static async Task<int> LogAsync(TabApiHost host, string userId, JsonObject form)
    {
        var response = await host.As(userId).PostAsJsonAsync("/api/concerns", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();
    }

    private Task<Concern> ConcernAsync(int id) => host.App.WithDbAsync(db => db.Concerns.Include(c => c.ParentRecord).SingleAsync(c => c.Id == id));

    [Fact]
    public async Task The_same_name_in_the_same_group_is_the_same_parent_and_a_new_name_is_a_new_parent()
    {
        var first = await LogAsync(host, People.Teacher, Form("Daniel Smith"));
        var second = await LogAsync(host, People.OtherTeacher, Form("daniel  smith"));
        var other = await LogAsync(host, People.Teacher, Form("Kelly Dawson"));

        var (a, b, c) = (await ConcernAsync(first), await ConcernAsync(second), await ConcernAsync(other));
        Assert.NotNull(a.ParentId);
        Assert.Equal(a.ParentId, b.ParentId);
        Assert.NotEqual(a.ParentId, c.ParentId);
        Assert.Equal("Daniel Smith", a.ParentRecord!.Name);
        Assert.Equal(["Year 4"], a.ParentRecord.Groups);
        Assert.Equal(2, await host.App.WithDbAsync(db => db.Parents.CountAsync()));
        var trail = await host.App.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == ParentAudit.Subject(a.ParentId!.Value)).Select(e => e.Action).ToListAsync());
        Assert.Equal([ParentAudit.Created, ParentAudit.Linked], trail);
    }

    [Fact]
    public async Task For_SLT_a_short_form_of_the_name_is_offered_and_linked_only_when_chosen()
    {
        var daniel = await LogAsync(host, People.Teacher, Form("Daniel Smith"));
        var parentId = (await ConcernAsync(daniel)).ParentId!.Value;

        var asked = await host.As(People.Slt).PostAsJsonAsync("/api/concerns", Form("Dan Smith"));

        Assert.Equal(HttpStatusCode.BadRequest, asked.StatusCode);
        var problem = (await asked.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["parentId"]);
        var offered = Assert.Single(problem["parents"]!.AsArray());
        Assert.Equal(parentId, offered!["id"]!.GetValue<int>());
        Assert.Equal(1, await host.App.WithDbAsync(db => db.Concerns.CountAsync()));

        var dan = await LogAsync(host, People.Slt, Form("Dan Smith", parentId: parentId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var linked = await ConcernAsync(dan);
        Assert.Equal(parentId, linked.ParentId);
        Assert.Equal(["Dan Smith"], linked.ParentRecord!.OtherNames);
    }

    [Fact]
    public async Task A_teacher_is_offered_no_parents_on_record_and_a_short_form_becomes_a_new_record()
    {
        await LogAsync(host, People.Slt, Form("Daniel Smith"));

        var dan = await LogAsync(host, People.Teacher, Form("Dan Smith"));

        Assert.Equal(2, await host.App.WithDbAsync(db => db.Parents.CountAsync()));
        Assert.Equal("Dan Smith", (await ConcernAsync(dan)).ParentRecord!.Name);
    }

    [Fact]
    public async Task A_choice_the_form_did_not_offer_for_this_name_is_asked_again_and_nothing_is_stored()
    {
        var kelly = await ConcernAsync(await LogAsync(host, People.Slt, Form("Kelly Dawson")));

        var response = await host.As(People.Slt).PostAsJsonAsync("/api/concerns", Form("Daniel Smith", parentId: kelly.ParentId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(1, await host.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Fact]
    public async Task Two_parents_in_one_name_are_refused_with_a_plain_message_and_nothing_is_stored()
    {
        var response = await host.As(People.Teacher).PostAsJsonAsync("/api/concerns", Form("Steve Rowe and Imran Malik", group: "Year 1 Kingfishers"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["postedBy"]![0]!.GetValue<string>();
        Assert.Contains("Steve Rowe", message, StringComparison.Ordinal);
        Assert.Contains("Imran Malik", message, StringComparison.Ordinal);
        Assert.Contains("one parent", message, StringComparison.Ordinal);
        Assert.Equal((0, 0), await host.App.WithDbAsync(async db => (await db.Concerns.CountAsync(), await db.Parents.CountAsync())));
    }

    [Fact]
    public async Task Concerns_held_before_parent_records_are_linked_conservatively_namesakes_in_other_groups_apart()
    {
        await host.App.AddAsync(TabData.Concern("Year 4", "Dan Price", People.Teacher));
        await host.App.AddAsync(TabData.Concern("Year 4", "dan  price", People.Teacher));
        await host.App.AddAsync(TabData.Concern("Year 6", "Dan Price", People.Teacher));
        await host.App.AddAsync(TabData.Concern("Year 4", "Daniel Price", People.Teacher));

        var linked = await host.App.WithDbAsync(db => ParentLinks.LinkUnlinkedAsync(db, default));
        var again = await host.App.WithDbAsync(db => ParentLinks.LinkUnlinkedAsync(db, default));

        Assert.Equal((4, 0), (linked, again));
        var parents = await host.App.WithDbAsync(db => db.Concerns.OrderBy(c => c.Id).Select(c => c.ParentId).ToListAsync());
        Assert.Equal(parents[0], parents[1]);
        Assert.Equal(3, parents.Distinct().Count());
    }

    [Fact]
    public async Task Dan_Smith_and_Daniel_Smith_merged_by_SLT_are_one_chronology_and_the_merge_is_recorded()
    {
        var daniel = await LogAsync(host, People.Teacher, Form("Daniel Smith", quote: "First post about the trip."));
        var dan = await LogAsync(host, People.OtherTeacher, Form("Dan Smith", quote: "Second post about the trip."));
        var (danielParent, danParent) = ((await ConcernAsync(daniel)).ParentId!.Value, (await ConcernAsync(dan)).ParentId!.Value);
        Assert.NotEqual(danielParent, danParent);

        var merged = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{danielParent}/merge", new { otherParentId = danParent, reason = "Same parent: Dan is Daniel (same child in Year 4)." });
        var chronology = (await (await host.As(People.Slt).GetAsync($"/api/tab/parents/{danielParent}")).Content.ReadFromJsonAsync<JsonObject>())!;
        var old = (await (await host.As(People.Slt).GetAsync($"/api/tab/parents/{danParent}")).Content.ReadFromJsonAsync<JsonObject>())!;
        var casePage = (await (await host.As(People.Slt).GetAsync($"/api/tab/concerns/{daniel}")).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        Assert.Equal([daniel, dan], chronology["concerns"]!.AsArray().Select(c => c!["id"]!.GetValue<int>()));
        Assert.Equal(["Dan Smith"], chronology["parent"]!["otherNames"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(danielParent, old["mergedIntoId"]!.GetValue<int>());
        Assert.Equal([dan], casePage["parentHistory"]!.AsArray().Select(h => h!["id"]!.GetValue<int>()));
        var trail = await host.App.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == ParentAudit.Merged || e.Action == ParentAudit.ConcernMoved).ToListAsync());
        Assert.Contains(trail, e => e.Subject == ParentAudit.Subject(danielParent) && e.ActorId == People.Slt && e.Reason!.StartsWith("Same parent", StringComparison.Ordinal));
        Assert.Contains(trail, e => e.Subject == ParentAudit.Subject(danParent) && e.Action == ParentAudit.Merged);
        Assert.Contains(trail, e => e.Subject == AuditSubjects.Case(dan) && e.Action == ParentAudit.ConcernMoved);
    }

    [Fact]
    public async Task A_teacher_cannot_merge_records_and_nothing_changes()
    {
        var a = (await ConcernAsync(await LogAsync(host, People.Teacher, Form("Daniel Smith")))).ParentId!.Value;
        var b = (await ConcernAsync(await LogAsync(host, People.Teacher, Form("Dan Smith")))).ParentId!.Value;

        var response = await host.As(People.Teacher).PostAsJsonAsync($"/api/tab/parents/{a}/merge", new { otherParentId = b, reason = "same" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await host.App.WithDbAsync(db => db.Parents.CountAsync(p => p.MergedIntoId != null)));
    }

    [Fact]
    public async Task SLT_can_move_a_concern_to_another_parent_with_a_reason_and_a_teacher_cannot()
    {
        var concern = await LogAsync(host, People.Teacher, Form("Daniel Smith"));
        var kelly = (await ConcernAsync(await LogAsync(host, People.Teacher, Form("Kelly Dawson")))).ParentId!.Value;

        var byTeacher = await host.As(People.Teacher).PostAsJsonAsync($"/api/tab/concerns/{concern}/parent", new { parentId = kelly, reason = "wrong parent" });
        var byOther = await host.As(People.OtherTeacher).PostAsJsonAsync($"/api/tab/concerns/{concern}/parent", new { parentId = kelly, reason = "wrong parent" });
        var noReason = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/concerns/{concern}/parent", new { parentId = kelly, reason = " " });
        Assert.NotEqual(kelly, (await ConcernAsync(concern)).ParentId);
        var bySlt = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/concerns/{concern}/parent", new { parentId = kelly, reason = "The post was Kelly's, the email misnamed her." });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.OK), (byTeacher.StatusCode, byOther.StatusCode, noReason.StatusCode, bySlt.StatusCode));
        Assert.Equal(kelly, (await ConcernAsync(concern)).ParentId);
        Assert.True(await host.App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Subject == AuditSubjects.Case(concern) && e.Action == ParentAudit.ConcernMoved && e.ActorId == People.Slt)));
    }

    [Fact]
    public async Task The_chronology_shows_each_person_only_the_concerns_they_may_see()
    {
        var mine = await LogAsync(host, People.Teacher, Form("Daniel Smith", quote: "Teacher's concern."));
        var theirs = await LogAsync(host, People.OtherTeacher, Form("Daniel Smith", quote: "Other teacher's concern."));
        var parent = (await ConcernAsync(mine)).ParentId!.Value;
        Assert.Equal(parent, (await ConcernAsync(theirs)).ParentId);

        var teacher = (await (await host.As(People.Teacher).GetAsync($"/api/tab/parents/{parent}")).Content.ReadFromJsonAsync<JsonObject>())!;
        var slt = (await (await host.As(People.Slt).GetAsync($"/api/tab/parents/{parent}")).Content.ReadFromJsonAsync<JsonObject>())!;
        var stranger = await host.As(People.OtherTeacher).GetAsync($"/api/tab/parents/{parent + 1000}");

        Assert.Equal([mine], teacher["concerns"]!.AsArray().Select(c => c!["id"]!.GetValue<int>()));
        Assert.DoesNotContain("Other teacher's concern", teacher.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(teacher["allowed"]!.AsArray());
        Assert.Equal([mine, theirs], slt["concerns"]!.AsArray().Select(c => c!["id"]!.GetValue<int>()));
        Assert.Contains("ExportSubjectAccess", slt["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
    }

    [Fact]
    public async Task Erasure_is_refused_while_a_case_is_open_or_on_legal_hold_and_once_closed_and_released_anonymises_the_parent_with_the_reason_recorded()
    {
        var concern = await LogAsync(host, People.Teacher, Form("Daniel Smith", quote: "Daniel Smith wrote that the trip is a joke."));
        var parent = (await ConcernAsync(concern)).ParentId!.Value;

        var whileOpen = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/erase", new { reason = "Erasure request upheld." });
        var byTeacher = await host.As(People.Teacher).PostAsJsonAsync($"/api/tab/parents/{parent}/erase", new { reason = "x" });
        Assert.Equal("Daniel Smith", (await ConcernAsync(concern)).PostedBy);
        await host.App.WithDbAsync(async db =>
        {
            var c = await db.Concerns.SingleAsync(x => x.Id == concern);
            c.State = StaffConductAssistant.Cases.CaseState.Withdrawn;
            return await db.SaveChangesAsync();
        });
        var hold = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/concerns/{concern}/legal-hold", new { reason = "Solicitor's letter received" });
        var whileHeld = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/erase", new { reason = "Erasure request upheld." });
        Assert.Equal("Daniel Smith", (await ConcernAsync(concern)).PostedBy);
        var release = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/concerns/{concern}/legal-hold/release", new { reason = "Claim settled" });
        var closed = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/erase", new { reason = "Erasure request upheld." });

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Forbidden), (whileOpen.StatusCode, byTeacher.StatusCode));
        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.Conflict, HttpStatusCode.NoContent), (hold.StatusCode, whileHeld.StatusCode, release.StatusCode));
        Assert.Contains("legal hold", await whileHeld.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var erased = await ConcernAsync(concern);
        Assert.DoesNotContain("Daniel", erased.PostedBy + erased.Quote + erased.ParentRecord!.Name, StringComparison.Ordinal);
        Assert.NotNull(erased.ParentRecord.ErasedAt);
        Assert.True(await host.App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Subject == ParentAudit.Subject(parent) && e.Action == ParentAudit.Anonymised && e.Reason == "Erasure request upheld.")));
    }
}
