using Microsoft.Extensions.Options;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Data;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.Welcome;

/// <summary>Install and first contact: remember the conversation, greet once, answer "help".</summary>
public sealed class WelcomeHandler(
    ConversationStore conversations,
    IConnectorClient connector,
    IOptions<AppOptions> options,
    ILogger<WelcomeHandler> logger)
{
    public async Task OnInstalledAsync(Activity activity, CancellationToken cancellationToken)
    {
        var record = await conversations.UpsertAsync(activity, cancellationToken);
        Log.ConversationStored(logger, record.Id);

        // Teams (and the Agents Playground) send installationUpdate and conversationUpdate for one install, at
        // almost the same moment: greet once per conversation.
        if (!await conversations.ClaimWelcomeAsync(record, cancellationToken))
        {
            return;
        }

        if (!await SendCardAsync(record, WelcomeCard.Create(options.Value.PolicyUrl), cancellationToken))
        {
            await conversations.ReleaseWelcomeAsync(record, cancellationToken);
        }
    }

    public async Task OnHelpAsync(Activity activity, CancellationToken cancellationToken)
    {
        var record = await conversations.UpsertAsync(activity, cancellationToken);
        await SendCardAsync(record, WelcomeCard.Create(options.Value.PolicyUrl), cancellationToken);
    }

    public async Task OnUnrecognisedTextAsync(Activity activity, CancellationToken cancellationToken)
    {
        var record = await conversations.UpsertAsync(activity, cancellationToken);
        var reply = ConversationStore.ReferenceOf(record).CreateMessage(
            "I didn't understand that. To log a concern, use \"Log WhatsApp concern\" from the … menu on a parent's email. Type \"help\" to see what I can do.");
        await SendAsync(record, reply, cancellationToken);
    }

    /// <summary>A plain reply in the conversation the activity came from.</summary>
    public async Task ReplyAsync(Activity activity, string text, CancellationToken cancellationToken)
    {
        var record = await conversations.UpsertAsync(activity, cancellationToken);
        await SendAsync(record, ConversationStore.ReferenceOf(record).CreateMessage(text), cancellationToken);
    }

    private Task<bool> SendCardAsync(ConversationRecord record, AdaptiveCard card, CancellationToken cancellationToken)
    {
        var message = ConversationStore.ReferenceOf(record).CreateMessage(attachments: [card.ToAttachment()]);
        return SendAsync(record, message, cancellationToken);
    }

    private async Task<bool> SendAsync(ConversationRecord record, Activity message, CancellationToken cancellationToken)
    {
        try
        {
            await connector.SendToConversationAsync(record.ServiceUrl, record.ConversationId, message, cancellationToken);
            return true;
        }
        catch (ConnectorException ex)
        {
            Log.SendFailed(logger, record.Id, (int)ex.StatusCode);
            return false;
        }
    }
}
