using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.Features;

/// <summary><c>POST /api/email-drafts</c> and <c>POST /api/concerns</c>, signed in like the tab (Teams SSO tokens).</summary>
public sealed class EmailDraftApiTests : IAsyncLifetime
{
    private TabApiHost host = null!;

    public async Task InitializeAsync() => host = await TabApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    public static TheoryData<string, string?, string?, string?, string?> Samples => new()
    {
        // sample, group, posted by, reporter's email, a conduct id that must be suggested
        { "01-staff-criticism-year4.eml", "Year 4", "Daniel Price", "hannah.okafor@mail.example.com", "abusive-personal-comments" },
        { "02-forwarded-private-message-reception.eml", "Reception Robins", "Lucy Barnes", null, "screenshot-of-teacher-messages" },
        { "03-threatening-language-year6.eml", "Year 6", "Craig Mercer", null, "threatening-behaviour" },
        { "04-commercial-links-nursery.eml", "Nursery Owls", "Kelly Dawson", null, "commercial-campaign-appeal-links" },
        { "05-not-a-concern-lost-kit.eml", null, null, null, null },
        { "06-forward-as-attachment-year1.eml", "Year 1 Kingfishers", "Steve Rowe and Imran Malik", null, "political-opinions" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Each_sample_email_becomes_a_draft_with_the_expected_fields(string sample, string? group, string? postedBy, string? reporterEmail, string? conduct)
    {
        var response = await PostEmailAsync(People.Teacher, await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, sample)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var draft = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(Guid.TryParse(draft["draftId"]!.GetValue<string>(), out _));
        Assert.Equal(postedBy, draft["postedBy"]?.GetValue<string>());
        if (group is not null)
        {
            Assert.Equal(group, draft["group"]!.GetValue<string>());
        }

        if (reporterEmail is not null)
        {
            Assert.Equal(reporterEmail, draft["reporter"]!["email"]!.GetValue<string>());
        }

        var conductIds = draft["conduct"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        if (conduct is null)
        {
            Assert.Empty(conductIds);
        }
        else
        {
            Assert.Contains(conduct, conductIds);
        }

        Assert.NotNull(draft["sentAt"]);
        Assert.NotNull(draft["attachments"]);
        Assert.NotNull(draft["warnings"]);
    }

    [Fact]
    public async Task A_draft_can_be_logged_as_a_concern_once()
    {
        var raw = await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "03-threatening-language-year6.eml"));
        var draft = (await (await PostEmailAsync(People.Teacher, raw)).Content.ReadFromJsonAsync<JsonObject>())!;
        var form = new JsonObject
        {
            ["draftId"] = draft["draftId"]!.GetValue<string>(),
            ["group"] = draft["group"]!.GetValue<string>(),
            ["postedBy"] = draft["postedBy"]!.GetValue<string>(),
            ["quote"] = draft["quote"]?.GetValue<string>() ?? "Threatening words",
            ["conduct"] = draft["conduct"]!.DeepClone(),
            ["reporterName"] = draft["reporter"]!["name"]!.GetValue<string>(),
            ["childAtRisk"] = false,
        };

        var created = await host.As(People.Teacher).PostAsJsonAsync("/api/concerns", form);
        var again = await PostEmailAsync(People.Teacher, raw);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var concern = await host.App.WithDbAsync(db => db.Concerns.Include(c => c.Evidence).SingleAsync());
        Assert.Equal(People.Teacher, concern.LoggedByUserId);
        Assert.Equal(raw, concern.Evidence.Single(e => e.Kind == StaffConductAssistant.Data.EvidenceKind.OriginalEmail).Content);
        var second = (await again.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(concern.Id, second["alreadyLogged"]!["id"]!.GetValue<int>());
        Assert.Equal(("Logged", "New"), (second["alreadyLogged"]!["state"]!.GetValue<string>(), second["alreadyLogged"]!["stateLabel"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_concern_with_missing_fields_is_refused_with_the_problems_and_nothing_is_stored()
    {
        var response = await host.As(People.Teacher).PostAsJsonAsync("/api/concerns", new JsonObject { ["group"] = "Year 4" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]!["postedBy"]);
        Assert.NotNull(problem["errors"]!["conduct"]);
        Assert.Equal(0, await host.App.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    [Theory]
    [InlineData("This is not an email at all, just some words someone pasted.")]
    [InlineData("\u0000\u0001\u0002garbage\u00ff\u00fe")]
    public async Task Something_that_is_not_an_email_gets_422_in_plain_words(string body)
    {
        var response = await PostEmailAsync(People.Teacher, Encoding.UTF8.GetBytes(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("email", problem["title"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await host.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
    }

    [Fact]
    public async Task An_email_over_25_MB_gets_413_and_nothing_is_stored()
    {
        var header = "From: A Parent <parent@example.org>\r\nSubject: big\r\nDate: Mon, 16 Nov 2026 21:14:03 +0000\r\n\r\n"u8.ToArray();
        var big = new byte[(25 * 1024 * 1024) + 1];
        header.CopyTo(big, 0);

        var response = await PostEmailAsync(People.Teacher, big);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await host.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
    }

    [Fact]
    public async Task Without_a_Teams_sign_in_the_API_answers_401()
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml")));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");

        var response = await host.Client(null).PostAsync("/api/email-drafts", content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await host.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
    }

    private async Task<HttpResponseMessage> PostEmailAsync(string userId, byte[] raw)
    {
        using var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return await host.As(userId).PostAsync("/api/email-drafts", content);
    }
}
