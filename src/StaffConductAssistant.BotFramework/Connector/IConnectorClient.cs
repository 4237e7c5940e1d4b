using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API (v3) at an activity's <c>serviceUrl</c>. Every call checks the service URL against
/// <c>Bot:AllowedServiceUrlHosts</c> first and throws <see cref="ServiceUrlNotAllowedException"/> before any
/// request or token is made; connector errors throw <see cref="ConnectorException"/>.
/// </summary>
public interface IConnectorClient
{
    /// <summary><c>POST /v3/conversations/{conversationId}/activities</c>.</summary>
    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v3/conversations/{conversationId}/activities/{activityId}</c> with the full new activity.</summary>
    Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v3/conversations/{conversationId}/activities/{activityId}</c>.</summary>
    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v3/conversations</c> (proactive 1:1: the app must be installed for the user, else 403).</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v3/conversations/{conversationId}/members/{userId}</c>; email and userPrincipalName land in extension data.</summary>
    /// <summary>GET /v3/teams/{teamId}: the team's name and <c>aadGroupId</c> (the Graph team id).</summary>
    Task<TeamDetails> GetTeamDetailsAsync(string serviceUrl, string teamId, CancellationToken cancellationToken = default);

    Task<ChannelAccount> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken = default);
}
