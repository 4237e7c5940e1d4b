using System.Text.Json.Nodes;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>Activities shaped like the ones Teams sends, for the app's front-door tests.</summary>
public static class Activities
{
    public const string BotId = "28:" + TestTokenIssuer.DefaultAppId;

    public static string PersonalConversationId(string userObjectId) => userObjectId switch
    {
        SignedBotApp.TeacherId => "a:personal-teacher",
        SignedBotApp.SltMemberId => "a:personal-slt",
        SignedBotApp.HeadmistressId => "a:personal-head",
        _ => "a:personal-" + userObjectId,
    };

    public static string TeamsUserId(string userObjectId) => "29:" + userObjectId;

    public static JsonObject PersonalInstall(string userObjectId) => Base("installationUpdate", userObjectId, "personal", PersonalConversationId(userObjectId), extra =>
    {
        extra["action"] = "add";
    });

    public static JsonObject PersonalMembersAdded(string userObjectId) => Base("conversationUpdate", userObjectId, "personal", PersonalConversationId(userObjectId), extra =>
    {
        extra["membersAdded"] = new JsonArray(new JsonObject { ["id"] = TeamsUserId(userObjectId) }, new JsonObject { ["id"] = BotId });
    });

    public static JsonObject PersonalMessage(string userObjectId, string text) => Base("message", userObjectId, "personal", PersonalConversationId(userObjectId), extra =>
    {
        extra["text"] = text;
    });

    public static JsonObject ChannelMessage(string userObjectId, string text, string channelConversationId = "19:slt@thread.tacv2;messageid=1") =>
        Base("message", userObjectId, "channel", channelConversationId, extra =>
        {
            extra["text"] = "<at>Staff Conduct Assistant</at> " + text;
            extra["channelData"]!["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2", ["aadGroupId"] = "team-group-id" };
            extra["channelData"]!["channel"] = new JsonObject { ["id"] = "19:slt@thread.tacv2" };
        });

    public static JsonObject Invoke(string userObjectId, string name, JsonNode value, string conversationType = "personal", string? conversationId = null, string? replyToId = null, Action<JsonObject>? configure = null) =>
        Base("invoke", userObjectId, conversationType, conversationId ?? PersonalConversationId(userObjectId), extra =>
        {
            extra["name"] = name;
            extra["value"] = value;
            if (replyToId is not null)
            {
                extra["replyToId"] = replyToId;
            }

            configure?.Invoke(extra);
        });

    private static JsonObject Base(string type, string userObjectId, string conversationType, string conversationId, Action<JsonObject> extra)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = TeamsUserId(userObjectId), ["name"] = "A member of staff", ["aadObjectId"] = userObjectId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Staff Conduct Assistant" },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = conversationType, ["tenantId"] = SignedBotApp.TenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = SignedBotApp.TenantId } },
            ["locale"] = "en-GB",
        };
        extra(activity);
        return activity;
    }
}
