using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Email.Corpus;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.Email;

/// <summary>An attached WhatsApp export, through the front door: the draft's timeline, then the case's evidence.</summary>
public sealed class ChatTimelineApiTests : IAsyncLifetime
{
    private TabApiHost host = null!;

    public async Task InitializeAsync() => host = await TabApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_attached_zip_export_becomes_the_drafts_timeline_and_is_kept_on_the_case()
    {
        var raw = await File.ReadAllBytesAsync(Path.Combine(CorpusTests.Directory, "emails", "045-chat-zip-attached-year5.eml"));
        using var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var draft = (await (await host.As(People.Teacher).PostAsync("/api/email-drafts", content)).Content.ReadFromJsonAsync<JsonObject>())!;

        var timeline = draft["timeline"]!.AsArray();
        Assert.Equal(3, timeline.Count);
        Assert.Equal("2026-11-27T19:30:00", timeline[1]!["time"]!.GetValue<string>());
        Assert.Equal("Darren Pike", timeline[1]!["author"]!.GetValue<string>());
        Assert.Equal("Darren Pike", draft["postedBy"]!.GetValue<string>());
        Assert.Contains("votes Reform", draft["quote"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("WhatsApp chat", draft["sources"]!["postedBy"]!.GetValue<string>(), StringComparison.Ordinal);

        var form = new JsonObject
        {
            ["draftId"] = draft["draftId"]!.GetValue<string>(),
            ["group"] = draft["group"]!.GetValue<string>(),
            ["postedBy"] = draft["postedBy"]!.GetValue<string>(),
            ["quote"] = draft["quote"]!.GetValue<string>(),
            ["conduct"] = draft["conduct"]!.DeepClone(),
            ["reporterName"] = draft["reporter"]!["name"]!.GetValue<string>(),
            ["childAtRisk"] = false,
        };
        var logged = await host.As(People.Teacher).PostAsJsonAsync("/api/concerns", form);
        Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        var id = (await logged.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>();

        var evidence = await host.App.WithDbAsync(db => db.Evidence.ToListAsync());
        Assert.Contains(evidence, e => e.Kind == EvidenceKind.Attachment && e.FileName == "WhatsApp Chat - Year 5 Parents.zip");
        var stored = JsonNode.Parse(evidence.Single(e => e.Kind == EvidenceKind.ChatTimeline).Content)!.AsArray();
        Assert.Equal(timeline.ToJsonString(), stored.ToJsonString());

        // The case page shows it as a timeline: time, who, message.
        var page = (await host.As(People.Teacher).GetFromJsonAsync<JsonObject>($"/api/tab/concerns/{id}"))!;
        var shown = page["timeline"]!.AsArray();
        Assert.Equal(3, shown.Count);
        Assert.Equal("Darren Pike", shown[1]!["author"]!.GetValue<string>());
        Assert.Equal("2026-11-27T19:30:00", shown[1]!["time"]!.GetValue<string>());
    }
}
