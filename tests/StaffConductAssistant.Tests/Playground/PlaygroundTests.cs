using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Playground;

/// <summary>
/// Microsoft's own local Teams client (Agents Playground 0.2.28) driven through its HTTP API against the real app in
/// local mode: it installs the app, shows the welcome card, and logs a concern through the message action.
/// </summary>
[Collection(PlaygroundTestGroup.Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the app in IAsyncLifetime.DisposeAsync.")]
public sealed class PlaygroundTests : IAsyncLifetime
{
    private AppHost app = null!;
    private PlaygroundInstance playground = null!;

    public async Task InitializeAsync()
    {
        // Local mode, as `dotnet run` starts it: Development and no bot app id, so the token-less Playground is accepted on loopback.
        app = new AppHost("Development", new Dictionary<string, string?> { ["App:PublicBaseUrl"] = "http://127.0.0.1:3978/" });
        playground = await PlaygroundInstance.StartAsync(app.MessagesEndpoint, PlaygroundUser.AlexWilber);
    }

    public async Task DisposeAsync()
    {
        await playground.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Installing_in_the_Playground_shows_the_welcome_card()
    {
        await playground.InstallAsync();

        var welcome = await playground.WaitForAsync(e => e.Action == "createMessage" && e.Card is not null, what: "the welcome card");

        Assert.Contains("Staff Conduct Assistant", welcome.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Log WhatsApp concern", welcome.Card!.ToJsonString(), StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Conversations.SingleAsync());
        Assert.Equal(playground.ServiceUrl, stored.ServiceUrl);
        Assert.Equal(PlaygroundUser.AlexWilber.AadObjectId, stored.UserAadObjectId);
    }

    [Fact]
    public async Task A_concern_is_logged_from_a_pasted_email_through_the_message_action()
    {
        await playground.InstallAsync();
        await playground.WaitForAsync(e => e.Action == "createMessage" && e.Card is not null, what: "the welcome card");
        var html = EmailAsTeamsShowsIt("01-staff-criticism-year4.eml");

        var fetched = await playground.InvokeAsync("composeExtension/fetchTask", new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject { ["id"] = "pasted-1", ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = html } },
        });

        var form = fetched!["task"]!["value"]!["card"]!["content"]!.AsObject();
        var inputs = form["body"]!.AsArray().OfType<JsonObject>().Where(e => e["id"] is not null && e["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal))
            .ToDictionary(e => e["id"]!.GetValue<string>(), e => e["value"]?.GetValue<string>() ?? string.Empty);
        Assert.Equal("Year 4", inputs["group"]);
        Assert.Equal("Daniel Price", inputs["postedBy"]);
        Assert.Equal("Hannah Okafor", inputs["reporterName"]);

        var data = new JsonObject();
        foreach (var (key, value) in inputs)
        {
            data[key] = value;
        }

        data["draftId"] = form["actions"]![0]!["data"]!["draftId"]!.DeepClone();
        var submitted = await playground.InvokeAsync("composeExtension/submitAction", new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["data"] = data,
        });

        Assert.Contains("Logged as concern #1", submitted!.ToJsonString(), StringComparison.Ordinal);
        var card = await playground.WaitForAsync(e => e.Action == "createMessage" && e.Card?.ToJsonString().Contains("WhatsApp concern #1", StringComparison.Ordinal) == true, what: "the concern card");
        Assert.Contains("No SLT channel is set", card.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Concerns.CountAsync()));
    }

    /// <summary>A sample email pasted into a chat: its headers and words as HTML paragraphs.</summary>
    private static string EmailAsTeamsShowsIt(string sample)
    {
        using var message = MimeMessage.Load(Path.Combine(TestPaths.SampleEmails, sample));
        var lines = new List<string>
        {
            "From: " + message.From,
            "Sent: " + message.Date.ToString("dddd, d MMMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            "Subject: " + message.Subject,
            string.Empty,
        };
        lines.AddRange((message.TextBody ?? string.Empty).Split('\n'));
        return string.Concat(lines.Select(l => "<p>" + System.Net.WebUtility.HtmlEncode(l.TrimEnd('\r')) + "</p>"));
    }
}
