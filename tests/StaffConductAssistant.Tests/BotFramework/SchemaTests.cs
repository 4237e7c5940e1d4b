using System.Text.Json;
using System.Text.Json.Nodes;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.Tests.BotFramework;

public sealed class SchemaTests
{
    private const string TeamsChannelMessage = """
        {
          "type": "message", "id": "1700000000001", "timestamp": "2026-11-02T09:15:00.1234567Z",
          "localTimestamp": "2026-11-02T09:15:00.1234567+00:00", "localTimezone": "Europe/London",
          "serviceUrl": "https://smba.trafficmanager.net/emea/", "channelId": "msteams",
          "from": { "id": "29:user-1", "name": "A Teacher", "aadObjectId": "oid-1", "userRole": "user" },
          "conversation": { "isGroup": true, "conversationType": "channel", "tenantId": "tid-1", "id": "19:abc@thread.tacv2;messageid=1700000000001" },
          "recipient": { "id": "28:bot", "name": "Bot" },
          "textFormat": "plain", "text": "<at>Bot</at> hello", "locale": "en-GB",
          "entities": [ { "type": "mention", "text": "<at>Bot</at>", "mentioned": { "id": "28:bot", "name": "Bot" } },
                        { "type": "clientInfo", "locale": "en-GB", "country": "GB", "platform": "Web", "timezone": "Europe/London" } ],
          "channelData": { "teamsChannelId": "19:abc@thread.tacv2", "teamsTeamId": "19:team@thread.tacv2",
                           "channel": { "id": "19:abc@thread.tacv2" }, "team": { "id": "19:team@thread.tacv2", "name": "Staff" },
                           "tenant": { "id": "tid-1" } },
          "attachments": [ { "contentType": "text/html", "content": "<div>hello</div>" } ],
          "futureField": { "nested": [1, 2, 3] }
        }
        """;

    private const string MessageActionFetchTask = """
        {
          "type": "invoke", "name": "composeExtension/fetchTask", "id": "f:1", "channelId": "msteams",
          "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "from": { "id": "29:user-1", "aadObjectId": "oid-1" },
          "conversation": { "conversationType": "channel", "id": "19:abc@thread.tacv2", "tenantId": "tid-1" },
          "recipient": { "id": "28:bot" },
          "channelData": { "source": { "name": "message" }, "tenant": { "id": "tid-1" }, "team": { "id": "19:team@thread.tacv2" }, "channel": { "id": "19:abc@thread.tacv2" } },
          "value": {
            "commandId": "logConcern", "commandContext": "message", "context": { "theme": "dark" }, "requestId": "r-1",
            "messagePayload": {
              "id": "1700000000009", "replyToId": null, "createdDateTime": "2026-11-01T18:00:00.000Z", "lastModifiedDateTime": null,
              "deleted": false, "subject": "WhatsApp group", "summary": null, "importance": "normal", "locale": "en-us",
              "linkToMessage": "https://teams.microsoft.com/l/message/19:abc@thread.tacv2/1700000000009",
              "body": { "contentType": "html", "content": "<p>forwarded text</p>" },
              "from": { "user": { "id": "oid-2", "displayName": "Someone", "userIdentityType": "aadUser" }, "application": null },
              "attachments": [], "policyViolation": null
            }
          }
        }
        """;

    private const string InstallationUpdate = """
        {
          "type": "installationUpdate", "action": "add", "id": "i:1", "timestamp": "2026-11-02T09:00:00Z",
          "serviceUrl": "http://localhost:56150/_connector", "channelId": "msteams",
          "from": { "id": "29:user-1", "aadObjectId": "oid-1" }, "recipient": { "id": "28:bot" },
          "conversation": { "id": "a:personal-1", "conversationType": "personal", "tenantId": "tid-1" },
          "channelData": { "tenant": { "id": "tid-1" }, "source": null, "settings": { "selectedChannel": { "id": "x" } } }
        }
        """;

    private const string ConversationUpdate = """
        {
          "type": "conversationUpdate", "id": "c:1", "channelId": "msteams", "serviceUrl": "https://smba.trafficmanager.net/emea/",
          "from": { "id": "29:user-1" }, "recipient": { "id": "28:bot" },
          "conversation": { "id": "a:personal-1", "conversationType": "personal", "tenantId": "tid-1" },
          "membersAdded": [ { "id": "29:user-1", "aadObjectId": "oid-1" }, { "id": "28:bot" } ],
          "membersRemoved": [],
          "channelData": { "tenant": { "id": "tid-1" }, "eventType": "teamMemberAdded" }
        }
        """;

    [Theory]
    [InlineData(TeamsChannelMessage)]
    [InlineData(MessageActionFetchTask)]
    [InlineData(InstallationUpdate)]
    [InlineData(ConversationUpdate)]
    public void Raw_Teams_activity_JSON_survives_a_round_trip_including_unknown_properties(string json)
    {
        var activity = JsonSerializer.Deserialize<Activity>(json, BotJson.Options)!;

        var written = JsonSerializer.SerializeToNode(activity, BotJson.Options);

        // Typed fields drop nulls when writing; opaque payloads (channelData, value) keep theirs: compare without nulls.
        Assert.True(JsonNode.DeepEquals(WithoutNulls(JsonNode.Parse(json)), WithoutNulls(written)), written!.ToJsonString());
    }

    [Fact]
    public void A_Teams_channel_message_exposes_tenant_team_and_channel()
    {
        var activity = JsonSerializer.Deserialize<Activity>(TeamsChannelMessage, BotJson.Options)!;

        Assert.Equal("tid-1", activity.GetTenantId());
        Assert.Equal("19:team@thread.tacv2", activity.GetTeamsTeamId());
        Assert.Equal("19:abc@thread.tacv2", activity.GetTeamsChannelId());
        Assert.Equal("mention", activity.Entities![0].Type);
        Assert.True(activity.AdditionalProperties!.ContainsKey("futureField"));
    }

    [Fact]
    public void The_tenant_falls_back_to_channelData_when_the_conversation_has_none()
    {
        var activity = new Activity { ChannelData = BotJson.ToElement(new { tenant = new { id = "tid-9" } }), Conversation = new() };

        Assert.Equal("tid-9", activity.GetTenantId());
        Assert.Null(activity.GetTeamsTeamId());
    }

    [Fact]
    public void A_message_action_value_reads_command_context_theme_and_message_payload()
    {
        var activity = JsonSerializer.Deserialize<Activity>(MessageActionFetchTask, BotJson.Options)!;

        var action = activity.GetValue<MessagingExtensionAction>()!;

        Assert.Equal("logConcern", action.CommandId);
        Assert.Equal("message", action.CommandContext);
        Assert.Equal("dark", action.Context!.Theme);
        Assert.Equal("<p>forwarded text</p>", action.MessagePayload!.Body!.Content);
        Assert.Equal("oid-2", action.MessagePayload.From!.User!.Id);
        Assert.Equal("WhatsApp group", action.MessagePayload.Subject);
        Assert.Equal("message", activity.GetChannelDataString("source", "name"));
    }

    [Fact]
    public void An_adaptive_card_action_value_reads_verb_data_and_trigger()
    {
        var value = JsonSerializer.Deserialize<JsonElement>("""
            { "action": { "type": "Action.Execute", "id": "approve", "verb": "approve", "data": { "caseId": "42", "note": "ok" } }, "trigger": "manual" }
            """);

        var invoke = new Activity { Value = value }.GetValue<AdaptiveCardInvokeValue>()!;

        Assert.Equal("approve", invoke.Action!.Verb);
        Assert.Equal("manual", invoke.Trigger);
        Assert.Equal("42", invoke.Action.Data!.Value.GetProperty("caseId").GetString());
    }

    [Fact]
    public void The_conversation_reference_addresses_a_later_message_from_the_bot_to_the_user()
    {
        var incoming = JsonSerializer.Deserialize<Activity>(ConversationUpdate, BotJson.Options)!;

        var reference = incoming.GetConversationReference();
        var reply = reference.CreateReply("hi");

        Assert.Equal("https://smba.trafficmanager.net/emea/", reference.ServiceUrl);
        Assert.Equal("28:bot", reply.From!.Id);
        Assert.Equal("29:user-1", reply.Recipient!.Id);
        Assert.Equal("a:personal-1", reply.Conversation!.Id);
        Assert.Equal("c:1", reply.ReplyToId);
        Assert.Equal(ActivityTypes.Message, reply.Type);
    }

    [Fact]
    public void A_reply_swaps_sender_and_recipient_and_points_at_the_original()
    {
        var incoming = JsonSerializer.Deserialize<Activity>(TeamsChannelMessage, BotJson.Options)!;

        var reply = incoming.CreateReply("thanks");

        Assert.Equal("28:bot", reply.From!.Id);
        Assert.Equal("29:user-1", reply.Recipient!.Id);
        Assert.Equal("1700000000001", reply.ReplyToId);
        Assert.Equal(incoming.Conversation!.Id, reply.Conversation!.Id);
    }

    [Fact]
    public void A_task_continue_answer_has_the_documented_shape()
    {
        var response = TaskModuleResponse.Continue(new TaskModuleTaskInfo
        {
            Title = "Log concern",
            Height = "medium",
            Width = 600,
            Card = Attachment.AdaptiveCard(new { type = "AdaptiveCard" }),
        });

        var json = JsonSerializer.SerializeToNode(response, BotJson.Options)!;

        Assert.Equal("continue", (string?)json["task"]!["type"]);
        Assert.Equal("medium", (string?)json["task"]!["value"]!["height"]);
        Assert.Equal(600, (int)json["task"]!["value"]!["width"]!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)json["task"]!["value"]!["card"]!["contentType"]);
        Assert.False(json["task"]!["value"]!.AsObject().ContainsKey("url"));
    }

    [Fact]
    public void An_adaptive_card_error_answer_carries_status_type_and_code()
    {
        var json = JsonSerializer.SerializeToNode(AdaptiveCardInvokeResponse.Error(400, "BadRequest", "Missing note"), BotJson.Options)!;

        Assert.Equal(400, (int)json["statusCode"]!);
        Assert.Equal("application/vnd.microsoft.error", (string?)json["type"]);
        Assert.Equal("BadRequest", (string?)json["value"]!["code"]);
    }

    [Fact]
    public void A_bot_message_preview_answer_has_the_documented_shape()
    {
        var preview = Activity.CreateMessage(attachments: [Attachment.AdaptiveCard(new { type = "AdaptiveCard" })]);

        var json = JsonSerializer.SerializeToNode(MessagingExtensionActionResponse.BotMessagePreview(preview), BotJson.Options)!;

        Assert.Equal("botMessagePreview", (string?)json["composeExtension"]!["type"]);
        Assert.Equal("message", (string?)json["composeExtension"]!["activityPreview"]!["type"]);
        Assert.False(json.AsObject().ContainsKey("task"));
    }

    private static JsonNode? WithoutNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is null)
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        WithoutNulls(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    WithoutNulls(item);
                }

                break;
        }

        return node;
    }
}
