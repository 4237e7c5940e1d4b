namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>Raw activity JSON shaped like what Teams and the Agents Playground send.</summary>
public static class TeamsActivities
{
    public const string TenantId = "72f988bf-0000-0000-0000-000000000001";

    public static string Message(
        string serviceUrl = TestTokenIssuer.DefaultServiceUrl,
        string channelId = "msteams",
        string tenantId = TenantId,
        string text = "hello") => $$"""
        {
          "type": "message",
          "id": "1700000000001",
          "timestamp": "2026-11-02T09:15:00.123Z",
          "serviceUrl": "{{serviceUrl}}",
          "channelId": "{{channelId}}",
          "from": { "id": "29:user-1", "name": "A Teacher", "aadObjectId": "00000000-0000-0000-0000-0000000000a1" },
          "conversation": { "id": "a:personal-1", "conversationType": "personal", "tenantId": "{{tenantId}}" },
          "recipient": { "id": "28:{{TestTokenIssuer.DefaultAppId}}", "name": "Bot" },
          "text": "{{text}}",
          "textFormat": "plain",
          "locale": "en-GB",
          "channelData": { "tenant": { "id": "{{tenantId}}" } }
        }
        """;

    public static string Invoke(string name, string valueJson = "{}", string serviceUrl = TestTokenIssuer.DefaultServiceUrl) => $$"""
        {
          "type": "invoke",
          "name": "{{name}}",
          "id": "f:invoke-1",
          "serviceUrl": "{{serviceUrl}}",
          "channelId": "msteams",
          "from": { "id": "29:user-1", "aadObjectId": "00000000-0000-0000-0000-0000000000a1" },
          "conversation": { "id": "a:personal-1", "conversationType": "personal", "tenantId": "{{TenantId}}" },
          "recipient": { "id": "28:{{TestTokenIssuer.DefaultAppId}}" },
          "value": {{valueJson}}
        }
        """;
}
