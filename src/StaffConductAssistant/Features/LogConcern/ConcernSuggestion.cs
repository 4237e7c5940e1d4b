using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Data;
using StaffConductAssistant.Email;
using StaffConductAssistant.Features.SltChannelSetup;

namespace StaffConductAssistant.Features.LogConcern;

/// <summary>
/// One step fewer: with the channel-messages permission (RSC) the bot sees every email posted to the SLT channel.
/// When one reads like a WhatsApp group concern it replies in the thread with "Looks like a concern about the
/// Year 4 group: Log it", which opens the same form; anything else (a lost PE kit) gets no reply. SLT can turn it off.
/// </summary>
public sealed partial class ConcernSuggestion(
    AppDbContext db,
    DraftReader reader,
    IConnectorClient connector,
    TimeProvider clock,
    ILogger<ConcernSuggestion> log)
{
    public const string SuggestionOwner = "suggestion";

    /// <summary>True when the message was an emailed post in the SLT channel and the bot offered to log it.</summary>
    public async Task<bool> TryOfferAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is not { } conversationId || !string.Equals(activity.Conversation.ConversationType, "channel", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var channelId = conversationId.Split(";messageid=", 2)[0];
        var slt = await SltChannel.GetAsync(db, cancellationToken);
        if (slt is null || slt.ConversationId != channelId || !await SltChannel.SuggestionsOnAsync(db, cancellationToken))
        {
            return false;
        }

        return await OfferAsync(activity, channelId + ";messageid=" + (activity.Id ?? string.Empty), onlyEmails: true, cancellationToken);
    }

    /// <summary>
    /// A parent's email pasted or forwarded into a 1:1 chat with the bot: rather than "I didn't understand",
    /// offer to log it (the same form).
    /// </summary>
    public Task<bool> TryOfferInChatAsync(Activity activity, CancellationToken cancellationToken) =>
        activity.Conversation?.Id is { } conversationId && string.Equals(activity.Conversation.ConversationType, ConversationTypes.Personal, StringComparison.OrdinalIgnoreCase)
            ? OfferAsync(activity, conversationId, onlyEmails: false, cancellationToken)
            : Task.FromResult(false);

    private async Task<bool> OfferAsync(Activity activity, string replyConversationId, bool onlyEmails, CancellationToken cancellationToken)
    {
        var conversationId = activity.Conversation!.Id!;
        if (string.IsNullOrWhiteSpace(activity.Text))
        {
            return false;
        }

        // textFormat "plain" means no markup (Bot Framework Activity spec): "<parent@example.org>" is text, not a tag.
        var html = string.Equals(activity.TextFormat, "plain", StringComparison.OrdinalIgnoreCase)
            ? "<p>" + System.Net.WebUtility.HtmlEncode(activity.Text).ReplaceLineEndings("<br>") + "</p>"
            : activity.Text;

        ReadDraft read;
        try
        {
            read = reader.FromHtml(html, null);
        }
        catch (EmailReadException)
        {
            return false;
        }

        // Only emails, not staff chatting: a post carrying an email's own headers (a forward's From:/Sent:/Subject:),
        // or one with no signed-in sender, as posts made by emailing the channel are (what Teams puts in `from` for
        // those is unconfirmed: docs/teams-protocol.md §7).
        // In a 1:1 chat with the bot there is no conversation to interrupt: anything that reads like a concern gets the offer.
        var looksEmailed = !onlyEmails || read.Email.From is not null || string.IsNullOrEmpty(activity.From?.AadObjectId);
        if (!looksEmailed || !read.Draft.IsLikelyConcern)
        {
            return false;
        }

        var suggestion = new ConcernDraftRecord
        {
            CreatedAt = clock.GetUtcNow(),
            CreatedByUserId = SuggestionOwner,
            MessageHtml = html,
            ContentSha256 = read.ContentSha256,
            EmailMessageId = read.Email.MessageId,
            SourceMessageId = activity.Id,
            SourceConversationId = conversationId,
        };
        db.ConcernDrafts.Add(suggestion);
        await db.SaveChangesAsync(cancellationToken);

        var card = Card(suggestion.Id, read.Draft.Group);
        var reply = activity.CreateReply(attachments: [card.ToAttachment()]);
        reply.Conversation = new ConversationAccount { Id = replyConversationId, ConversationType = activity.Conversation.ConversationType };
        await connector.SendToConversationAsync(activity.ServiceUrl!, replyConversationId, reply, cancellationToken);
        Log.Offered(log, suggestion.Id);
        return true;
    }

    public static AdaptiveCard Card(Guid suggestionId, string? group) => new()
    {
        Body =
        [
            new TextBlock
            {
                Text = group is null
                    ? "Looks like a concern about a class WhatsApp group."
                    : $"Looks like a concern about the {AdaptiveText.Escape(group)} group.",
                Wrap = true,
                Weight = TextWeight.Bolder,
            },
            new TextBlock
            {
                Text = "I can fill in the concern form from this email for you to check: press Log it, or choose … (More actions) → Log WhatsApp concern on the message.",
                Wrap = true,
                Spacing = Spacing.None,
                IsSubtle = true,
            },
        ],
        Actions =
        [
            // A dialog from a bot card: Action.Submit with msteams.type task/fetch (docs/teams-protocol.md §5).
            new SubmitAction
            {
                Title = "Log it",
                Data = new JsonObject { ["msteams"] = new JsonObject { ["type"] = "task/fetch" }, ["suggestionId"] = suggestionId.ToString() },
            },
        ],
    };

    /// <summary>The message a suggestion was made for, for any member of staff who presses "Log it".</summary>
    public async Task<ConcernDraftRecord?> FindAsync(Guid suggestionId, CancellationToken cancellationToken) =>
        await db.ConcernDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.Id == suggestionId && d.CreatedByUserId == SuggestionOwner, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Offered to log the emailed post as a concern (suggestion {SuggestionId})")]
        public static partial void Offered(ILogger logger, Guid suggestionId);
    }
}
