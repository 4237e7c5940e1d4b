// Loopback stand-ins for what the app calls in production: the Bot Framework's and Entra's OpenID metadata and keys,
// and the Microsoft Graph calls the measured paths make (checkMemberGroups for roles, the channel message and its
// .eml for the message action, sendMail for approved letters). Shapes follow Graph v1.0's documented answers.
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

sealed class StandIns(WebApplication app, string baseUrl) : IAsyncDisposable
{
    public const string BotIssuer = "https://api.botframework.com";
    public const string TeamGroupId = "cccccccc-0000-0000-0000-0000000000t1";
    public const string ChannelId = "19:office@thread.tacv2";
    public const string MessageId = "1733180000001";
    public const string EmlUrl = "https://bench.sharepoint.com/sites/office/Shared%20Documents/Office/EmailMessages_12_2026/Messages%20in%20the%20Year%204%20group.eml";

    public string BaseUrl { get; } = baseUrl;
    public string BotMetadataUrl => BaseUrl + "/v1/.well-known/openidconfiguration";
    public string EntraMetadataUrl(string tenant) => $"{BaseUrl}/entra/{tenant}/v2.0/.well-known/openid-configuration";
    public string GraphBaseUrl => BaseUrl + "/v1.0";

    public int JwksHits;
    public int SendMails;
    public ConcurrentDictionary<string, int> Unexpected { get; } = new();

    public static async Task<StandIns> StartAsync(int port, string jwks, byte[] eml, IReadOnlyDictionary<string, string[]> memberships)
    {
        var baseUrl = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(baseUrl);
        var app = builder.Build();
        var s = new StandIns(app, baseUrl);
        var keysUrl = baseUrl + "/v1/.well-known/keys";

        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Content(
            $$"""{"issuer":"{{BotIssuer}}","jwks_uri":"{{keysUrl}}","id_token_signing_alg_values_supported":["RS256"]}""", "application/json"));
        app.MapGet("/v1/.well-known/keys", () => { Interlocked.Increment(ref s.JwksHits); return Results.Content(jwks, "application/json"); });
        app.MapGet("/entra/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Content(
            $$"""{"issuer":"https://login.microsoftonline.com/{{tenant}}/v2.0","jwks_uri":"{{keysUrl}}","authorization_endpoint":"https://login.microsoftonline.com/{{tenant}}/oauth2/v2.0/authorize","token_endpoint":"https://login.microsoftonline.com/{{tenant}}/oauth2/v2.0/token","id_token_signing_alg_values_supported":["RS256"]}""",
            "application/json"));

        // Graph: POST /users/{id}/checkMemberGroups → the subset of the asked groups the user is in.
        app.MapPost("/v1.0/users/{id}/checkMemberGroups", async (string id, HttpRequest request) =>
        {
            using var body = await JsonDocument.ParseAsync(request.Body);
            var asked = body.RootElement.GetProperty("groupIds").EnumerateArray().Select(e => e.GetString()!).ToList();
            var mine = memberships.TryGetValue(id, out var groups) ? groups : [];
            return Results.Json(new { value = asked.Where(mine.Contains).ToArray() });
        });

        // Graph: GET /teams/{team}/channels/{channel}/messages/{id}: the emailed post, its .eml as a reference attachment.
        var message = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = MessageId,
            ["replyToId"] = null,
            ["etag"] = MessageId,
            ["messageType"] = "message",
            ["createdDateTime"] = "2026-12-01T21:46:00.000Z",
            ["lastModifiedDateTime"] = "2026-12-01T21:46:00.000Z",
            ["deletedDateTime"] = null,
            ["subject"] = "Messages in the Year 4 class WhatsApp group",
            ["importance"] = "normal",
            ["locale"] = "en-us",
            ["from"] = new { user = new Dictionary<string, object> { ["@odata.type"] = "#microsoft.graph.teamworkUserIdentity", ["id"] = "8ea0e38b-efb3-4757-924a-5f94061cf8c2", ["displayName"] = "Office", ["userIdentityType"] = "aadUser" } },
            ["body"] = new { contentType = "html", content = "<p>Dear Mrs Jenkin, I am writing because of messages posted last night in the Year 4 class WhatsApp group…</p>" },
            ["channelIdentity"] = new { teamId = TeamGroupId, channelId = ChannelId },
            ["attachments"] = new[] { new { id = "att-1", contentType = "reference", contentUrl = Uri.UnescapeDataString(EmlUrl), name = "Messages in the Year 4 group.eml" } },
            ["mentions"] = Array.Empty<object>(),
            ["reactions"] = Array.Empty<object>(),
        });
        app.MapGet("/v1.0/teams/{team}/channels/{channel}/messages/{id}", (string team, string channel, string id) =>
            team == TeamGroupId && id == MessageId ? Results.Content(message, "application/json") : Results.NotFound());

        // Graph: GET /shares/{u!base64url}/driveItem and …/content (302 to a pre-authenticated download, as Graph does).
        var share = "u!" + Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(EmlUrl))).TrimEnd('=').Replace('/', '_').Replace('+', '-');
        var item = JsonSerializer.Serialize(new { id = "01BENCHEML", name = "Messages in the Year 4 group.eml", size = eml.Length, webUrl = Uri.UnescapeDataString(EmlUrl) });
        app.MapGet("/v1.0/shares/{id}/driveItem", (string id) => id == share ? Results.Content(item, "application/json") : Results.NotFound());
        app.MapGet("/v1.0/shares/{id}/driveItem/content", (string id) => id == share ? Results.Redirect(baseUrl + "/_download/eml?tempauth=bench") : Results.NotFound());
        app.MapGet("/_download/eml", () => Results.Bytes(eml, "application/octet-stream"));

        // Graph: GET /users?$filter=surname eq '…' (staff a concern names): nobody by that name in the bench's directory.
        app.MapGet("/v1.0/users", () => Results.Json(new { value = Array.Empty<object>() }));

        // Graph: POST /users/{mailbox}/sendMail → 202 (approved letters).
        app.MapPost("/v1.0/users/{mailbox}/sendMail", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref s.SendMails);
            return Results.StatusCode(202);
        });
        app.MapFallback((HttpRequest request) =>
        {
            s.Unexpected.AddOrUpdate($"{request.Method} {request.Path}", 1, (_, n) => n + 1);
            return Results.Json(new { error = new { code = "NotFound", message = "bench stand-in" } }, statusCode: 404);
        });
        await app.StartAsync();
        return s;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
