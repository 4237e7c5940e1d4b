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
}
