using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Connector;

/// <summary>
/// <see cref="IConnectorClient"/> over a named <see cref="HttpClient"/> (retries and timeouts come from its
/// resilience handler). Outbound tokens: scope https://api.botframework.com/.default from the keyed
/// <see cref="TokenCredential"/> (Azure.Identity caches and refreshes them).
/// </summary>
internal sealed class ConnectorClient(
    IHttpClientFactory httpClientFactory,
    ServiceUrlAllowList serviceUrlAllowList,
    [FromKeyedServices(ConnectorClient.CredentialKey)] TokenCredential credential,
    ILogger<ConnectorClient> logger) : IConnectorClient
{
    public const string HttpClientName = "StaffConductAssistant.BotFramework.Connector";

    public const string CredentialKey = "StaffConductAssistant.BotFramework.Connector";

    private static readonly TokenRequestContext TokenRequest = new(["https://api.botframework.com/.default"]);

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", activity, "send", cancellationToken);

    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, "reply", cancellationToken);

    public Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity, "update", cancellationToken);

    public Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default) =>
        SendAsync<ResourceResponse>(HttpMethod.Delete, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", null, "delete", cancellationToken);

    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default) =>
        SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, "createConversation", cancellationToken);

    public Task<ChannelAccount> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default) =>
        SendAsync<ChannelAccount>(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}", null, "getMember", cancellationToken);

    // Teams ids carry ':', '@' and ';' (19:…@thread.tacv2;messageid=…): each one is a single path segment.
    public Task<TeamDetails> GetTeamDetailsAsync(string serviceUrl, string teamId, CancellationToken cancellationToken = default) =>
        SendAsync<TeamDetails>(HttpMethod.Get, serviceUrl, $"v3/teams/{Escape(teamId)}", null, "getTeamDetails", cancellationToken);

    private static string Escape(string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        return Uri.EscapeDataString(segment);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string serviceUrl, string relativePath, object? body, string operation, CancellationToken cancellationToken)
        where T : new()
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceUrl);

        // The allow-list comes before anything else: no request and no token for a URL that is not allowed.
        var target = serviceUrlAllowList.Resolve(serviceUrl);
        using var request = new HttpRequestMessage(method, new Uri(target.BaseUri, relativePath));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), BotJson.Options));
            request.Content.Headers.ContentType = JsonContentType;
        }

        if (target.SendToken)
        {
            var token = await credential.GetTokenAsync(TokenRequest, cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }

        var client = httpClientFactory.CreateClient(HttpClientName);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw CreateException(response, payload, method, operation);
        }

        // The Agents Playground (and Teams for split messages) answers 202 with no body.
        return IsBlank(payload) ? new T() : JsonSerializer.Deserialize<T>(payload, BotJson.Options) ?? new T();
    }

    private ConnectorException CreateException(HttpResponseMessage response, byte[] payload, HttpMethod method, string operation)
    {
        string? code = null;
        string? message = null;
        try
        {
            if (!IsBlank(payload))
            {
                using var document = JsonDocument.Parse(payload);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("error", out var error)
                    && error.ValueKind == JsonValueKind.Object)
                {
                    code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // Not the documented error shape: the status code alone has to do.
        }

        var correlatingId = response.Headers.TryGetValues("X-Correlating-OperationId", out var values) ? values.FirstOrDefault() : null;
        Log.ConnectorFailed(logger, (int)response.StatusCode, code, method.Method, operation, correlatingId);
        return new ConnectorException(response.StatusCode, code, message, correlatingId);
    }

    private static bool IsBlank(byte[] payload) => payload.All(b => b is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t');
}
