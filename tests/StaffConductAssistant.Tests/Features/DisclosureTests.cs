using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// Issue 11 item 5: SLT share one case beyond SLT with the subject access redaction, through the front door (real
/// Teams SSO tokens, real SQLite). What was shared, with whom, by whom and what was shown is recorded and listed.
/// </summary>
public sealed class DisclosureTests : IAsyncLifetime
{
    private TabApiHost host = null!;

    public async Task InitializeAsync() => host = await TabApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<int> CountAsync() => host.App.WithDbAsync(async db =>
        await db.Disclosures.CountAsync() + await db.AuditEntries.CountAsync(e => e.Action == ParentAudit.Disclosed));

    [Fact]
    public Task SLT_share_a_case_with_the_authorities_redacted_and_the_disclosure_is_recorded_and_listed() => ShareAsync(host);

    [PostgresFact]
    public async Task The_same_disclosure_is_recorded_and_listed_on_PostgreSQL()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var postgres = await TabApiHost.StartAsync(new Dictionary<string, string?> { ["Database:Provider"] = "Postgres", ["Database:ConnectionString"] = database.ConnectionString });
        await ShareAsync(postgres);
    }

    private static async Task ShareAsync(TabApiHost host)
    {
        var shared = await SubjectAccessTests.LogSampleAsync(host);
        var other = ParentRecordTests.Form("Daniel Price", quote: "Another post entirely, about Kelly Dawson.");
        var otherCase = await ParentRecordTests.LogAsync(host, People.OtherTeacher, other);
        var slt = host.As(People.Slt);

        var preview = (await (await slt.PostAsJsonAsync($"/api/tab/concerns/{shared}/disclosures/preview", new { })).Content.ReadFromJsonAsync<JsonObject>())!;
        var hannah = preview["redactions"]!.AsArray().Single(r => r!["label"]!.GetValue<string>() == "Hannah Okafor")!["key"]!.GetValue<string>();
        var response = await slt.PostAsJsonAsync($"/api/tab/concerns/{shared}/disclosures", new
        {
            recipientName = "PC Jane Marsh, Thames Valley Police",
            recipientKind = "Authorities",
            purpose = "Referral: the post may be harassment.",
            unredact = new[] { new { key = hannah, reason = "The police need the witness's name." } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var files = SubjectAccessTests.Open(await response.Content.ReadAsByteArrayAsync());
        var index = files["index.html"];
        Assert.Contains($"Concern {shared}:", index, StringComparison.Ordinal);
        Assert.DoesNotContain($"Concern {otherCase}:", index, StringComparison.Ordinal);
        Assert.Contains("PC Jane Marsh", index, StringComparison.Ordinal);
        Assert.DoesNotContain("subject access request", index, StringComparison.Ordinal);
        Assert.Contains("Hannah Okafor", files.Single(f => f.Key.EndsWith("original-email.eml.txt", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
        Assert.Contains("whatsapp-screenshot.png: withheld", index, StringComparison.Ordinal);
        Assert.DoesNotContain("Oliver", string.Concat(files.Values), StringComparison.Ordinal);

        var disclosure = await host.App.WithDbAsync(db => db.Disclosures.SingleAsync());
        Assert.Equal((shared, "PC Jane Marsh, Thames Valley Police", RecipientKind.Authorities, People.Slt), (disclosure.ConcernId, disclosure.RecipientName, disclosure.RecipientKind, disclosure.ByUserId));
        var shown = Assert.Single(disclosure.Unredacted);
        Assert.Equal(("another parent", "The police need the witness's name."), (shown.Kind, shown.Reason));
        var audit = await host.App.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == ParentAudit.Disclosed));
        Assert.Equal(AuditSubjects.Case(shared), audit.Subject);
        Assert.Equal("Referral: the post may be harassment.", audit.Reason);
        Assert.DoesNotContain("Marsh", audit.DetailsJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Hannah", audit.DetailsJson, StringComparison.Ordinal);

        var list = (await slt.GetFromJsonAsync<JsonObject>($"/api/tab/concerns/{shared}/disclosures"))!;
        Assert.True(list["canDisclose"]!.GetValue<bool>());
        var row = Assert.Single(list["disclosures"]!.AsArray())!;
        Assert.Equal("PC Jane Marsh, Thames Valley Police", row["recipientName"]!.GetValue<string>());
        Assert.Equal("the authorities", row["recipientLabel"]!.GetValue<string>());
        Assert.Equal("The police need the witness's name.", row["unredacted"]![0]!["reason"]!.GetValue<string>());
        var otherList = (await slt.GetFromJsonAsync<JsonObject>($"/api/tab/concerns/{otherCase}/disclosures"))!;
        Assert.Empty(otherList["disclosures"]!.AsArray());
    }

    [Fact]
    public async Task A_teacher_is_refused_through_the_access_rule_and_nothing_is_recorded()
    {
        var id = await SubjectAccessTests.LogSampleAsync(host);
        var body = new { recipientName = "Kelly Dawson", recipientKind = "Moderator", purpose = "Please consider removal.", unredact = Array.Empty<object>() };

        // The teacher who logged it may see it, but not share it; another teacher may not even see it.
        var logger = host.As(People.Teacher);
        var stranger = host.As(People.OtherTeacher);
        var answers = new[]
        {
            (await logger.PostAsJsonAsync($"/api/tab/concerns/{id}/disclosures/preview", new { }), HttpStatusCode.Forbidden),
            (await logger.PostAsJsonAsync($"/api/tab/concerns/{id}/disclosures", body), HttpStatusCode.Forbidden),
            (await stranger.PostAsJsonAsync($"/api/tab/concerns/{id}/disclosures/preview", new { }), HttpStatusCode.NotFound),
            (await stranger.PostAsJsonAsync($"/api/tab/concerns/{id}/disclosures", body), HttpStatusCode.NotFound),
            (await stranger.GetAsync($"/api/tab/concerns/{id}/disclosures"), HttpStatusCode.NotFound),
        };

        foreach (var (response, expected) in answers)
        {
            Assert.Equal(expected, response.StatusCode);
            Assert.DoesNotContain("Daniel Price", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False((await logger.GetFromJsonAsync<JsonObject>($"/api/tab/concerns/{id}/disclosures"))!["canDisclose"]!.GetValue<bool>());
        Assert.Equal(0, await CountAsync());
    }

    public static TheoryData<string> BadRequests => new()
    {
        """{"recipientKind":"Authorities","purpose":"Referral."}""",
        """{"recipientName":"PC Jane Marsh","recipientKind":"Journalist","purpose":"Referral."}""",
        """{"recipientName":"PC Jane Marsh","recipientKind":"7","purpose":"Referral."}""",
        """{"recipientName":"PC Jane Marsh","recipientKind":"Authorities","purpose":"  "}""",
        """{"recipientName":"PC Jane Marsh","recipientKind":"Authorities","purpose":"Referral.","unredact":[{"key":"not-in-the-preview","reason":"Because."}]}""",
        """{"recipientName":"PC Jane Marsh","recipientKind":"Authorities","purpose":"Referral.","unredact":[{"key":"file:1","reason":""}]}""",
        "{\"recipientName\":\"" + new string('x', 201) + "\",\"recipientKind\":\"Authorities\",\"purpose\":\"Referral.\"}",
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_plain_400_and_nothing_is_shared_or_recorded(string json)
    {
        var id = await SubjectAccessTests.LogSampleAsync(host);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var response = await host.As(People.Slt).PostAsync($"/api/tab/concerns/{id}/disclosures", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing has been", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync());
    }
}
