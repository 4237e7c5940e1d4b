using Microsoft.Extensions.Options;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Graph;

namespace StaffConductAssistant.Features.CaseCard;

/// <summary>
/// Puts a concern's card in front of one person as a 1:1 message, proactively: through their stored conversation, or
/// by installing the app for them through Graph and creating the 1:1 (teams-protocol.md §3, §8). The card is drawn
/// for that person by the access rule. Each copy sent is stored, so later changes update it.
/// </summary>
public sealed partial class PersonalDelivery(
    CaseCardBuilder cards,
    CaseCopies copies,
    IConnectorClient connector,
    ITeamsAppInstaller installer,
    IOptions<TeamsAppOptions> teams,
    ILogger<PersonalDelivery> logger)
{
    /// <summary>False when the person could not be reached (the caller says so plainly on the card).</summary>
    public async Task<bool> SendAsync(int concernId, string userId, CardPurpose purpose, string? serviceUrl, string? botId, string? tenantId, string? note, string summary, CancellationToken ct)
    {
        var conversation = await cards.PersonalConversationAsync(userId, ct);
        if (conversation is not null)
        {
            try
            {
                await SendToAsync(concernId, userId, purpose, conversation.ServiceUrl, conversation.ConversationId, note, summary, ct);
                return true;
            }
            catch (ConnectorException)
            {
                // Uninstalled or blocked since we stored it (403): install again below.
                Log.StoredConversationFailed(logger, concernId);
            }
        }

        if (string.IsNullOrWhiteSpace(tenantId) || string.IsNullOrWhiteSpace(serviceUrl))
        {
            return false;
        }

        try
        {
            if (!string.IsNullOrWhiteSpace(teams.Value.CatalogAppId))
            {
                await installer.InstallForUserAsync(userId, teams.Value.CatalogAppId, ct);
            }

            // A 1:1 by Entra object id works once the app is installed in their personal scope (teams-protocol.md §3).
            var created = await connector.CreateConversationAsync(serviceUrl, ConversationParameters.ForPersonalChat(botId ?? string.Empty, userId, tenantId), ct);
            if (created.Id is null)
            {
                return false;
            }

            await SendToAsync(concernId, userId, purpose, created.ServiceUrl ?? serviceUrl, created.Id, note, summary, ct);
            return true;
        }
        catch (Exception ex) when (ex is ConnectorException or GraphUnavailableException or ServiceUrlNotAllowedException)
        {
            Log.DeliveryFailed(logger, concernId, ex.GetType().Name);
            return false;
        }
    }

    public async Task SendToAsync(int concernId, string userId, CardPurpose purpose, string serviceUrl, string conversationId, string? note, string summary, CancellationToken ct)
    {
        var card = await cards.ForCopyAsync(concernId, purpose, userId, note, ct)
            ?? throw new InvalidOperationException("The case disappeared while its card was being sent.");
        var message = new Activity
        {
            Type = ActivityTypes.Message,
            Conversation = new ConversationAccount { Id = conversationId },
            Attachments = [card.ToAttachment()],
            Summary = summary,
        };
        var sent = await connector.SendToConversationAsync(serviceUrl, conversationId, message, ct);
        await copies.RecordAsync(concernId, purpose, userId, serviceUrl, conversationId, sent.Id, ct);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Case {CaseId}: the stored 1:1 conversation refused the card; trying to install")]
        public static partial void StoredConversationFailed(ILogger logger, int caseId);

        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Case {CaseId}: the person could not be sent the card ({ErrorType})")]
        public static partial void DeliveryFailed(ILogger logger, int caseId, string errorType);
    }
}
