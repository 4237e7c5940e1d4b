using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>
/// Drives "Log WhatsApp concern" on an emailed post in a Teams channel, as a teacher, through /api/messages with signed
/// tokens: the original .eml is in the channel's files (FakeGraph), the form is the dialog's card.
/// </summary>
public sealed class TeamsMessageAction(SignedBotApp app)
{
    public const string Team = "team-group-id";
    public const string Channel = "19:office@thread.tacv2";

    public string AddEmailedPost(string sample)
    {
        var messageId = "m-" + Guid.NewGuid().ToString("N")[..8];
        var folder = app.Graph.ChannelFolder(Team, Channel);
        var file = app.Graph.AddSampleEmail(folder, sample);
        app.Graph.AddChannelMessage(Team, Channel, messageId, "<p>Preview</p>", "Forwarded email", [FakeAttachment.ReferenceTo(file)]);
        return messageId;
    }

    public static JsonObject FetchTask(string messageId, string html) => Activities.Invoke(
        SignedBotApp.TeacherId,
        "composeExtension/fetchTask",
        new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["context"] = new JsonObject { ["theme"] = "default" },
            ["messagePayload"] = new JsonObject
            {
                ["id"] = messageId,
                ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = html },
                ["linkToMessage"] = "https://teams.microsoft.com/l/message/" + Channel + "/" + messageId,
            },
        },
        conversationType: "channel",
        conversationId: Channel + ";messageid=" + messageId,
        configure: a =>
        {
            a["channelData"]!["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2", ["aadGroupId"] = Team };
            a["channelData"]!["channel"] = new JsonObject { ["id"] = Channel };
        });

    public async Task<JsonObject> FetchFormAsync(string messageId, string html)
    {
        var response = await app.SendAsync(FetchTask(messageId, html));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("continue", body["task"]!["type"]!.GetValue<string>());
        return body["task"]!["value"]!["card"]!["content"]!.AsObject();
    }

    public async Task<JsonObject> SubmitAsync(JsonObject data)
    {
        var response = await app.SendAsync(Activities.Invoke(
            SignedBotApp.TeacherId,
            "composeExtension/submitAction",
            new JsonObject { ["commandId"] = "logConcern", ["commandContext"] = "message", ["data"] = data }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task SetSltChannelAsync()
    {
        var response = await app.SendAsync(Activities.ChannelMessage(SignedBotApp.SltMemberId, "use this channel for concerns"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Done", app.Connector.Requests[^1].Body, StringComparison.Ordinal);
    }

    /// <summary>What the dialog would submit: every input's current value, plus the submit action's data.</summary>
    public static JsonObject Inputs(JsonObject card)
    {
        var data = new JsonObject();
        foreach (var input in Elements(card).Where(e => e["type"]!.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal)))
        {
            data[input["id"]!.GetValue<string>()] = input["value"]?.GetValue<string>() ?? string.Empty;
        }

        foreach (var (key, value) in card["actions"]![0]!["data"]!.AsObject())
        {
            data[key] = value!.DeepClone();
        }

        return data;
    }

    public static string? Input(JsonObject card, string id) =>
        Elements(card).FirstOrDefault(e => e["id"]?.GetValue<string>() == id)?["value"]?.GetValue<string>();

    private static IEnumerable<JsonObject> Elements(JsonObject card) => card["body"]!.AsArray().OfType<JsonObject>();
}
