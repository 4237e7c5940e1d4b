using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Access;

/// <summary>
/// Every kind of person × every surface × a case they may and may not see, through the front door: signed bot
/// activities and Teams SSO tokens. A refused request answers with none of the case's names or words and changes
/// nothing; an allowed one shows the case.
/// </summary>
public sealed class AccessMatrixTests(AccessWorld world) : IClassFixture<AccessWorld>
{
    /// <summary>The two cases of the world.</summary>
    public enum Kase
    {
        Safeguarding,
        Plain,
    }

    /// <summary>Who may see which case: written out by hand, apart from the rule, so a slip in either shows.</summary>
    private static readonly Dictionary<(string, Kase), bool> MaySee = new()
    {
        [(Who.Logger, Kase.Safeguarding)] = true,
        [(Who.Logger, Kase.Plain)] = false,
        [(Who.OtherTeacher, Kase.Safeguarding)] = false,
        [(Who.OtherTeacher, Kase.Plain)] = true,
        [(Who.NamedTeacher, Kase.Safeguarding)] = false,
        [(Who.NamedTeacher, Kase.Plain)] = false,
        [(Who.NamedSlt, Kase.Safeguarding)] = false,
        [(Who.NamedSlt, Kase.Plain)] = true,
        [(Who.Slt, Kase.Safeguarding)] = true,
        [(Who.Slt, Kase.Plain)] = true,
        [(Who.Dsl, Kase.Safeguarding)] = true,
        [(Who.Dsl, Kase.Plain)] = false,
        [(Who.Headmistress, Kase.Safeguarding)] = true,
        [(Who.Headmistress, Kase.Plain)] = true,
        [(Who.Acting, Kase.Safeguarding)] = true,
        [(Who.Acting, Kase.Plain)] = true,
        [(Who.Guest, Kase.Safeguarding)] = false,
        [(Who.Guest, Kase.Plain)] = false,
        [(Who.NoUser, Kase.Safeguarding)] = false,
        [(Who.NoUser, Kase.Plain)] = false,
    };

    /// <summary>Every Action.Execute verb a concern card or the case page can send.</summary>
    public static readonly string[] CardVerbs =
        ["refreshCase", "startReview", "fillLetter", "propose", "withdraw", "approve", "reject", "requestChanges", "completeAction", "retryLetter", "recordSafeguarding", "bookMeeting", "rescheduleMeeting", "cancelMeeting", "addTask", "completeTask", "placeLegalHold", "releaseLegalHold"];

    public static TheoryData<string, Kase, string> BotVerbs()
    {
        var data = new TheoryData<string, Kase, string>();
        foreach (var person in Who.Everyone)
        {
            foreach (var c in Enum.GetValues<Kase>())
            {
                foreach (var verb in CardVerbs)
                {
                    data.Add(person, c, verb);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, Kase> PeopleAndCases()
    {
        var data = new TheoryData<string, Kase>();
        foreach (var person in Who.Everyone)
        {
            foreach (var c in Enum.GetValues<Kase>())
            {
                data.Add(person, c);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BotVerbs))]
    public async Task A_card_verb_on_a_case_the_person_may_not_see_shows_nothing_of_it_and_changes_nothing(string person, Kase c, string verb)
    {
        var id = Id(c);
        if (MaySee[(person, c)])
        {
            return; // Covered by the refresh test below; pressing other buttons would change the shared case.
        }

        var before = await world.SnapshotAsync(id);

        var answer = await world.InvokeAsAsync(person, Execute(person.Length > 0 ? person : "nobody", verb, await ProposeLikeDataAsync(id)));

        AssertShowsNothing(answer.ToJsonString(), c);
        Assert.Equal(before, await world.SnapshotAsync(id));
    }

    [Theory]
    [MemberData(nameof(PeopleAndCases))]
    public async Task Refreshing_the_card_shows_the_case_exactly_to_those_who_may_see_it(string person, Kase c)
    {
        var id = Id(c);
        var data = new JsonObject { ["caseId"] = id, ["version"] = 1 };

        var answer = (await world.InvokeAsAsync(person, Execute(person.Length > 0 ? person : "nobody", "refreshCase", data))).ToJsonString();

        if (MaySee[(person, c)])
        {
            Assert.Contains("Daniel Price", answer, StringComparison.Ordinal);
        }
        else
        {
            AssertShowsNothing(answer, c);
        }
    }

    [Theory]
    [MemberData(nameof(PeopleAndCases))]
    public async Task The_tab_list_page_evidence_and_case_page_buttons_agree_with_the_rule(string person, Kase c)
    {
        var id = Id(c);
        var before = await world.SnapshotAsync(id);
        using var client = world.Tab(person);
        var staff = person is not (Who.Guest or Who.NoUser);

        var list = await client.GetAsync("api/tab/concerns");
        var page = await client.GetAsync($"api/tab/concerns/{id}");
        var evidenceId = await world.App.App.WithDbAsync(db => db.Evidence.Where(e => e.ConcernId == id).Select(e => (int?)e.Id).FirstOrDefaultAsync()) ?? 1;
        var evidence = await client.GetAsync($"api/tab/concerns/{id}/evidence/{evidenceId}");
        var letter = await client.GetAsync($"api/tab/concerns/{id}/letter");
        // Someone who may see the case only refreshes it: a real withdrawal would change the case the other rows read.
        var verb = MaySee[(person, c)] ? "refreshCase" : "withdraw";
        var act = await client.PostAsJsonAsync($"api/tab/concerns/{id}/actions", new { verb, data = new { version = before.Version, reason = "probing" } });

        if (!staff)
        {
            // Not on the staff (a guest, no user id): nothing at all, on any tab API.
            Assert.Contains(list.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized });
            Assert.All(new[] { page, evidence, letter, act }, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized }));
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var ids = (await list.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<int>()).ToList();
            Assert.Equal(MaySee[(person, c)], ids.Contains(id));
            if (MaySee[(person, c)])
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                var body = (await page.Content.ReadFromJsonAsync<JsonObject>())!;

                // The parent's history lists only cases this person could open.
                foreach (var earlier in body["parentHistory"]!.AsArray().Select(h => h!["id"]!.GetValue<int>()))
                {
                    Assert.True(MaySee[(person, earlier == world.Plain ? Kase.Plain : Kase.Safeguarding)]);
                }
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, evidence.StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, letter.StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, act.StatusCode);
                AssertShowsNothing(await page.Content.ReadAsStringAsync() + await evidence.Content.ReadAsStringAsync() + await letter.Content.ReadAsStringAsync() + await act.Content.ReadAsStringAsync(), c);
                Assert.Equal(before, await world.SnapshotAsync(id));
            }
        }
    }

    /// <summary>A legal hold is SLT's (CaseOperation.PlaceLegalHold): others get nothing of a case they may not see, or a refusal.</summary>
    [Theory]
    [MemberData(nameof(PeopleAndCases))]
    public async Task A_legal_hold_can_be_placed_only_by_SLT_who_may_see_the_case(string person, Kase c)
    {
        var id = Id(c);
        var before = await world.SnapshotAsync(id);
        using var client = world.Tab(person);

        var view = await client.GetAsync($"api/tab/concerns/{id}/legal-hold");
        // An empty reason: an allowed person is stopped only at the reason, so nothing changes for the other rows either.
        var place = await client.PostAsJsonAsync($"api/tab/concerns/{id}/legal-hold", new { reason = "" });
        var release = await client.PostAsJsonAsync($"api/tab/concerns/{id}/legal-hold/release", new { reason = "" });

        var staff = person is not (Who.Guest or Who.NoUser);
        var slt = person is Who.Slt or Who.Acting || (person == Who.NamedSlt && c == Kase.Plain);
        if (!staff)
        {
            Assert.All(new[] { view, place, release }, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized }));
        }
        else if (!MaySee[(person, c)])
        {
            Assert.All(new[] { view, place, release }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
            AssertShowsNothing(await view.Content.ReadAsStringAsync() + await place.Content.ReadAsStringAsync(), c);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, view.StatusCode);
            Assert.Equal(slt, (await view.Content.ReadFromJsonAsync<JsonObject>())!["canChange"]!.GetValue<bool>());
            Assert.Equal(slt ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, place.StatusCode);
            Assert.Equal(slt ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, release.StatusCode);
        }

        Assert.Equal(before, await world.SnapshotAsync(id));
        Assert.Equal(0, await world.App.App.WithDbAsync(db => db.LegalHolds.CountAsync(h => h.ConcernId == id)));
    }

    /// <summary>
    /// Who may act on the parent's whole record (merge, subject access, erasure): SLT who may see every concern about the
    /// parent. Written out by hand: the SLT member the safeguarding case names may not; the Headmistress is not SLT here.
    /// </summary>
    private static readonly HashSet<string> MayActOnParent = [Who.Slt, Who.Acting];

    /// <summary>Who may share a case outside SLT, or move it to another parent: SLT who may see it and are not named in it.</summary>
    private static bool MayDisclose(string person, Kase c) => person is Who.Slt or Who.Acting || (person == Who.NamedSlt && c == Kase.Plain);

    /// <summary>
    /// Issue 11's parent endpoints (record and chronology, merge, move, subject access, erasure) and the disclosure of a
    /// case, for everyone and both cases. An allowed person's request is stopped at its validation (a missing reason),
    /// so nothing changes for the other rows; a refused one gets 403, or 404 and nothing of a case they may not see.
    /// </summary>
    [Theory]
    [MemberData(nameof(PeopleAndCases))]
    public async Task The_parent_record_and_disclosure_endpoints_agree_with_the_rule_and_change_nothing(string person, Kase c)
    {
        var id = Id(c);
        var parent = await world.App.App.WithDbAsync(db => db.Concerns.Where(x => x.Id == id).Select(x => x.ParentId!.Value).SingleAsync());
        var before = await world.SnapshotAsync(id);
        using var client = world.Tab(person);

        var chronology = await client.GetAsync($"api/tab/parents/{parent}");
        var merge = await client.PostAsJsonAsync($"api/tab/parents/{parent}/merge", new { otherParentId = parent, reason = "" });
        var preview = await client.PostAsJsonAsync($"api/tab/parents/{parent}/subject-access/preview", new { });
        var export = await client.PostAsJsonAsync($"api/tab/parents/{parent}/subject-access", new { unredact = new[] { new { key = "not-in-the-preview", reason = "probing" } } });
        var erase = await client.PostAsJsonAsync($"api/tab/parents/{parent}/erase", new { reason = "" });
        var move = await client.PostAsJsonAsync($"api/tab/concerns/{id}/parent", new { parentId = (int?)null, reason = "" });
        var disclosures = await client.GetAsync($"api/tab/concerns/{id}/disclosures");
        var disclosurePreview = await client.PostAsJsonAsync($"api/tab/concerns/{id}/disclosures/preview", new { });
        var disclose = await client.PostAsJsonAsync($"api/tab/concerns/{id}/disclosures", new { recipientName = "", recipientKind = "Authorities", purpose = "" });
        var all = new[] { chronology, merge, preview, export, erase, move, disclosures, disclosurePreview, disclose };

        var staff = person is not (Who.Guest or Who.NoUser);
        if (!staff)
        {
            Assert.All(all, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized }));
        }
        else
        {
            // The chronology lists exactly the concerns this person may see; with none, the record does not exist for them.
            var wholeSchool = person is Who.Slt or Who.NamedSlt or Who.Headmistress or Who.Acting;
            var visible = Enum.GetValues<Kase>().Where(k => MaySee[(person, k)]).Select(Id).Order().ToList();
            if (visible.Count == 0 && !wholeSchool)
            {
                Assert.Equal(HttpStatusCode.NotFound, chronology.StatusCode);
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, chronology.StatusCode);
                var body = (await chronology.Content.ReadFromJsonAsync<JsonObject>())!;
                Assert.Equal(visible, body["concerns"]!.AsArray().Select(x => x!["id"]!.GetValue<int>()).Order().ToList());
                Assert.Equal(MayActOnParent.Contains(person), body["allowed"]!.AsArray().Any(a => a!.GetValue<string>() == "ExportSubjectAccess"));
            }

            var onParent = MayActOnParent.Contains(person);
            Assert.Equal(onParent ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, merge.StatusCode);
            Assert.Equal(onParent ? HttpStatusCode.OK : HttpStatusCode.Forbidden, preview.StatusCode);
            Assert.Equal(onParent ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, export.StatusCode);
            Assert.Equal(onParent ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, erase.StatusCode);

            if (!MaySee[(person, c)])
            {
                Assert.All(new[] { move, disclosures, disclosurePreview, disclose }, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
                AssertShowsNothing(await move.Content.ReadAsStringAsync() + await disclosures.Content.ReadAsStringAsync() + await disclosurePreview.Content.ReadAsStringAsync() + await disclose.Content.ReadAsStringAsync(), c);
            }
            else
            {
                var may = MayDisclose(person, c);
                Assert.Equal(may ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, move.StatusCode);
                Assert.Equal(HttpStatusCode.OK, disclosures.StatusCode);
                Assert.Equal(may, (await disclosures.Content.ReadFromJsonAsync<JsonObject>())!["canDisclose"]!.GetValue<bool>());
                Assert.Equal(may ? HttpStatusCode.OK : HttpStatusCode.Forbidden, disclosurePreview.StatusCode);
                Assert.Equal(may ? HttpStatusCode.BadRequest : HttpStatusCode.Forbidden, disclose.StatusCode);
            }

            // Someone refused the record-wide operations learns nothing of the parent's concerns from them.
            if (!onParent)
            {
                AssertShowsNothing(await preview.Content.ReadAsStringAsync() + await export.Content.ReadAsStringAsync() + await erase.Content.ReadAsStringAsync(), c);
            }
        }

        Assert.Equal(before, await world.SnapshotAsync(id));
        var record = await world.App.App.WithDbAsync(db => db.Parents.AsNoTracking().SingleAsync(p => p.Id == parent));
        Assert.Equal(((int?)null, (DateTimeOffset?)null), (record.MergedIntoId, record.ErasedAt));
        Assert.Equal(0, await world.App.App.WithDbAsync(db => db.Disclosures.CountAsync()));
        var changes = new[] { ParentAudit.Merged, ParentAudit.ConcernMoved, ParentAudit.SubjectAccessExported, ParentAudit.Unredacted, ParentAudit.Erased, ParentAudit.Anonymised, ParentAudit.Disclosed };
        Assert.Equal(0, await world.App.App.WithDbAsync(db => db.AuditEntries.CountAsync(a => changes.Contains(a.Action))));
    }

    [Theory]
    [MemberData(nameof(PeopleAndCases))]
    public async Task The_overview_and_its_CSV_export_are_for_SLT_and_the_Headmistress_only(string person, Kase c)
    {
        if (c == Kase.Plain)
        {
            return; // The overview is not about one case: one row per person is enough.
        }

        using var client = world.Tab(person);

        var overview = await client.GetAsync("api/tab/overview");
        var csv = await client.GetAsync("api/tab/overview.csv");

        var allowed = person is Who.Slt or Who.NamedSlt or Who.Headmistress or Who.Acting;
        Assert.Equal(allowed, overview.StatusCode == HttpStatusCode.OK);
        Assert.Equal(allowed, csv.StatusCode == HttpStatusCode.OK);
        if (person == Who.NamedSlt)
        {
            // Counts only of what they may see: the case naming them is not counted.
            var body = (await overview.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(1, body["total"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task The_SLT_channel_shows_nothing_of_a_case_that_names_an_SLT_member()
    {
        var channelCards = world.App.Connector.Requests
            .Where(r => r.Path.Contains(Uri.EscapeDataString(SltChannelId), StringComparison.Ordinal) && r.Json?["attachments"] is not null)
            .Select(r => r.Body)
            .ToList();

        Assert.Contains(channelCards, body => body.Contains("names a member of SLT", StringComparison.Ordinal));
        Assert.All(channelCards.Where(b => b.Contains("names a member of SLT", StringComparison.Ordinal)), b => AssertShowsNothing(b, Kase.Safeguarding));
        Assert.Contains(channelCards, body => body.Contains("Marmalade penguin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_safeguarding_concern_is_sent_to_the_DSL_at_once_and_its_card_says_so()
    {
        var toDsl = world.App.Connector.Requests.Where(r => r.Method == "POST"
            && r.Path.Contains(Uri.EscapeDataString(Activities.PersonalConversationId(Who.Dsl)), StringComparison.Ordinal)
            && r.Json?["summary"]?.GetValue<string>() is { } summary && summary.StartsWith("Safeguarding", StringComparison.Ordinal)).ToList();

        var card = Assert.Single(toDsl).Json!["attachments"]![0]!["content"]!;
        Assert.Contains("Zebra flamingo", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("recordSafeguarding", Verbs(card));
        var concern = await ConcernAsync(world.App, world.Safeguarding);
        Assert.True(concern.Safeguarding);
        Assert.NotNull(concern.DslToldAt);
        var slt = await world.InvokeAsAsync(Who.Slt, Execute(Who.Slt, "refreshCase", new JsonObject { ["caseId"] = world.Safeguarding }));
        Assert.Contains("Designated Safeguarding Lead was sent this concern", slt.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(await AuditAsync(world.App, world.Safeguarding), a => a.Action == AuditActions.DslSent);
    }

    [Fact]
    public async Task Staff_named_in_a_concern_are_resolved_from_the_directory_when_it_is_logged()
    {
        var people = await world.App.App.WithDbAsync(db => db.CasePeople.AsNoTracking().Where(p => p.ConcernId == world.Safeguarding).ToListAsync());

        Assert.Equal(
            new[] { Who.NamedTeacher, Who.NamedSlt }.Order(StringComparer.Ordinal),
            people.Where(p => p.Kind == CasePersonKind.Named).Select(p => p.UserId).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(await world.App.App.WithDbAsync(db => db.CasePeople.AsNoTracking().Where(p => p.ConcernId == world.Plain).ToListAsync()), _ => true);
    }

    [Fact]
    public async Task The_case_page_shows_the_real_trail_including_who_opened_it()
    {
        using var client = world.Tab(Who.Headmistress);

        var first = await client.GetAsync($"api/tab/concerns/{world.Plain}");
        var second = await client.GetFromJsonAsync<JsonObject>($"api/tab/concerns/{world.Plain}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var actions = second!["audit"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).ToList();
        Assert.Equal("Log", actions[0]);
        Assert.Contains(AuditActions.Viewed, actions);
    }

    private int Id(Kase c) => c == Kase.Safeguarding ? world.Safeguarding : world.Plain;

    /// <summary>Data a crafted card would carry: the right case, its current version, and every field a form has.</summary>
    private async Task<JsonObject> ProposeLikeDataAsync(int id)
    {
        var data = await DataAsync(world.App, id);
        data["responses"] = "cautionary-notice";
        data["reason"] = "probing";
        data["comment"] = "probing";
        data["actionId"] = 1;
        data["safeguardingNote"] = "probing";
        return data;
    }

    private static void AssertShowsNothing(string answer, Kase c)
    {
        foreach (var word in c == Kase.Safeguarding ? AccessWorld.SafeguardingWords : AccessWorld.PlainWords)
        {
            Assert.DoesNotContain(word, answer, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("Year 4", answer, StringComparison.Ordinal);
    }
}
