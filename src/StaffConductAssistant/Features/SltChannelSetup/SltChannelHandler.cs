using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Data;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.SltChannelSetup;

/// <summary>
/// "@Staff Conduct Assistant use this channel for concerns": an SLT member names the channel where concern cards go.
/// Also "stop suggesting concerns" / "suggest concerns" for the bot's replies to emailed concerns.
/// </summary>
public sealed class SltChannelHandler(
    ConversationStore conversations,
    StaffDirectory directory,
    AppDbContext db,
    IConnectorClient connector,
    OutboxProcessor outbox,
    TimeProvider clock)
{
    public static bool IsUseChannelCommand(string command) =>
        command.Contains("use this channel", StringComparison.Ordinal) || command.Contains("use this chat", StringComparison.Ordinal);

    public static bool? SuggestionsCommand(string command) => command switch
    {
        "stop suggesting concerns" or "suggestions off" or "turn off suggestions" => false,
        "suggest concerns" or "suggestions on" or "turn on suggestions" => true,
        _ => null,
    };

    public async Task UseThisChannelAsync(Activity activity, CancellationToken cancellationToken)
    {
        var record = await conversations.UpsertAsync(activity, cancellationToken);
        var who = await directory.GetAsync(activity.From?.AadObjectId, cancellationToken);
        string reply;
        var access = CaseAccess.Check(who, SchoolOperation.SetSltChannel);
        if (!access.Allowed)
        {
            reply = access.Message;
        }
        else if (record.ConversationType is ConversationTypes.Personal)
        {
            reply = "Please write this in the SLT channel itself (mention me there), so I know which channel to use. Nothing has changed.";
        }
        else
        {
            var channel = await conversations.UpsertChannelAsync(activity, cancellationToken);
            await SltChannel.SetAsync(db, channel, who.UserId, clock.GetUtcNow(), cancellationToken);
            AuditLog.Record(db, who.UserId, nameof(StaffRole.Slt), "SetSltChannel", "settings:slt-channel", clock.GetUtcNow());

            // Concerns logged before there was a channel are posted here too (they were always in the Concerns tab).
            Outbox.Enqueue(db, SltChannel.BacklogKind, new PostSltBacklog(), clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            outbox.Wake();
            reply = "Done: new WhatsApp concerns will be posted in this channel for SLT, and any still open from before.";
        }

        await ReplyAsync(record, reply, cancellationToken);
    }

    public async Task SetSuggestionsAsync(Activity activity, bool on, CancellationToken cancellationToken)
    {
        var record = await conversations.UpsertAsync(activity, cancellationToken);
        var who = await directory.GetAsync(activity.From?.AadObjectId, cancellationToken);
        string reply;
        var access = CaseAccess.Check(who, SchoolOperation.SwitchSuggestions);
        if (!access.Allowed)
        {
            reply = access.Message;
        }
        else
        {
            await SltChannel.SetSuggestionsAsync(db, on, who.UserId, clock.GetUtcNow(), cancellationToken);
            AuditLog.Record(db, who.UserId, nameof(StaffRole.Slt), on ? "SuggestionsOn" : "SuggestionsOff", "settings:suggest-concerns", clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            reply = on
                ? "Done: when an emailed concern is posted in the SLT channel I'll offer to log it."
                : "Done: I'll stay quiet about emails posted in the SLT channel. Staff can still use \"Log WhatsApp concern\".";
        }

        await ReplyAsync(record, reply, cancellationToken);
    }

    private async Task ReplyAsync(ConversationRecord record, string text, CancellationToken cancellationToken) =>
        await connector.SendToConversationAsync(record.ServiceUrl, record.ConversationId, ConversationStore.ReferenceOf(record).CreateMessage(text), cancellationToken);
}

public sealed record PostSltBacklog;

public sealed class PostSltBacklogHandler(CaseCopies copies) : IOutboxHandler
{
    public string Kind => SltChannel.BacklogKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) => copies.PostBacklogAsync(cancellationToken);
}
