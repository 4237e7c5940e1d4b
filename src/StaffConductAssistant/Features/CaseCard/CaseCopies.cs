using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Bot;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.SltChannelSetup;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.CaseCard;

/// <summary>Where a concern's card goes when it is logged: the SLT channel and the person who logged it.</summary>
public sealed record PublishConcern(int ConcernId, string? ServiceUrl, string? LoggerTeamsId, string? LoggerAadObjectId, string? TenantId, string? BotId);

public sealed record RefreshConcernCards(int ConcernId);

/// <summary>
/// Sends and updates the copies of a concern's card. Every copy sent is stored (<see cref="SentCard"/>) with whom it was
/// for, so when the case changes each copy is updated in place (PUT activity), drawn for its reader by the access rule.
/// </summary>
public sealed class CaseCopies(AppDbContext db, IConnectorClient connector, TimeProvider clock, CaseCardBuilder cards)
{
    public const string PublishKind = "concern.publish";
    public const string RefreshKind = "concern.refresh-cards";

    public async Task PublishAsync(PublishConcern publish, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(publish);
        var already = await db.SentCards.Where(s => s.ConcernId == publish.ConcernId).Select(s => s.Purpose).ToListAsync(ct);
        var slt = await SltChannel.GetAsync(db, ct);

        if (slt is not null && !already.Contains(CardPurpose.SltChannel))
        {
            await PostToSltChannelAsync(publish.ConcernId, slt, ct);
        }

        if (!already.Contains(CardPurpose.Logger) && publish.LoggerAadObjectId is { } logger)
        {
            var note = slt is null
                ? "No SLT channel is set up yet, so SLT will find this concern in the Concerns tab. An SLT member can set one by writing \"use this channel for concerns\" to me in the SLT channel."
                : null;
            var card = await cards.ForCopyAsync(publish.ConcernId, CardPurpose.Logger, logger, note, ct);
            if (card is not null && await PersonalConversationAsync(publish, ct) is var (serviceUrl, conversationId))
            {
                var message = new Activity
                {
                    Type = ActivityTypes.Message,
                    Conversation = new ConversationAccount { Id = conversationId },
                    Attachments = [card.ToAttachment()],
                };
                var sent = await connector.SendToConversationAsync(serviceUrl, conversationId, message, ct);
                await RecordAsync(publish.ConcernId, CardPurpose.Logger, logger, serviceUrl, conversationId, sent.Id, ct);
            }
        }
    }

    /// <summary>Concerns logged before the SLT channel was set: open ones are posted there once it is.</summary>
    public async Task<int> PostBacklogAsync(CancellationToken ct)
    {
        var slt = await SltChannel.GetAsync(db, ct);
        if (slt is null)
        {
            return 0;
        }

        var open = await db.Concerns.AsNoTracking()
            .Where(c => c.State != Cases.CaseState.Closed && c.State != Cases.CaseState.Withdrawn && c.State != Cases.CaseState.Rejected)
            .Where(c => !db.SentCards.Any(s => s.ConcernId == c.Id && s.Purpose == CardPurpose.SltChannel))
            .OrderBy(c => c.Id)
            .Select(c => c.Id)
            .Take(50)
            .ToListAsync(ct);
        foreach (var id in open)
        {
            await PostToSltChannelAsync(id, slt, ct);
        }

        return open.Count;
    }

    /// <summary>Updates every copy of the card to the case's current state.</summary>
    public async Task RefreshAllAsync(int concernId, CancellationToken ct)
    {
        var copies = await db.SentCards.AsNoTracking().Where(s => s.ConcernId == concernId && s.ActivityId != null).ToListAsync(ct);
        foreach (var copy in copies)
        {
            var card = await cards.ForCopyAsync(concernId, copy.Purpose, copy.RecipientUserId, null, ct);
            if (card is null)
            {
                return;
            }

            var update = new Activity
            {
                Type = ActivityTypes.Message,
                Id = copy.ActivityId,
                Conversation = new ConversationAccount { Id = copy.ConversationId },
                Attachments = [card.ToAttachment()],
            };
            try
            {
                await connector.UpdateActivityAsync(copy.ServiceUrl, copy.ConversationId, copy.ActivityId!, update, ct);
            }
            catch (ConnectorException e) when (IsGone(e))
            {
                // The message was deleted, or the app removed from that chat (teams-protocol §3: 404 "activity not found",
                // 403 blocked): no retry can update it, and the other copies must still be updated. The case itself and
                // its other copies show the state; the Concerns tab always does.
            }
        }
    }

    /// <summary>Answers no retry can change (the connector's own pipeline has already retried 429, 412 and 5xx).</summary>
    private static bool IsGone(ConnectorException e) =>
        e.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Gone
        || string.Equals(e.ErrorCode, "ActivityNotFound", StringComparison.OrdinalIgnoreCase);

    public async Task RecordAsync(int concernId, CardPurpose purpose, string? recipientUserId, string serviceUrl, string conversationId, string? activityId, CancellationToken ct)
    {
        db.SentCards.Add(new SentCard
        {
            ConcernId = concernId,
            Purpose = purpose,
            RecipientUserId = recipientUserId,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId,
            ActivityId = activityId,
            SentAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
    }

    private async Task PostToSltChannelAsync(int concernId, ConversationRecord slt, CancellationToken ct)
    {
        var card = await cards.ForCopyAsync(concernId, CardPurpose.SltChannel, null, null, ct);
        if (card is null)
        {
            return;
        }

        var message = ConversationStore.ReferenceOf(slt).CreateMessage(attachments: [card.ToAttachment()]);
        var sent = await connector.SendToConversationAsync(slt.ServiceUrl, slt.ConversationId, message, ct);
        await RecordAsync(concernId, CardPurpose.SltChannel, null, slt.ServiceUrl, slt.ConversationId, sent.Id, ct);
    }

    private async Task<(string ServiceUrl, string ConversationId)?> PersonalConversationAsync(PublishConcern publish, CancellationToken ct)
    {
        var existing = publish.LoggerAadObjectId is null
            ? null
            : await db.Conversations.AsNoTracking()
                .Where(c => c.UserAadObjectId == publish.LoggerAadObjectId && c.ConversationType == ConversationTypes.Personal && (publish.ServiceUrl == null || c.ServiceUrl == publish.ServiceUrl))
                .FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return (existing.ServiceUrl, existing.ConversationId);
        }

        if (publish.ServiceUrl is null || publish.LoggerTeamsId is null)
        {
            // Logged from the tab by someone the bot has never talked to: the tab shows them the case.
            return null;
        }

        // Proactive 1:1: works when the app is installed for the user (docs/teams-protocol.md §3).
        var created = await connector.CreateConversationAsync(
            publish.ServiceUrl,
            ConversationParameters.ForPersonalChat(publish.BotId ?? string.Empty, publish.LoggerTeamsId, publish.TenantId ?? string.Empty),
            ct);
        return (created.ServiceUrl ?? publish.ServiceUrl, created.Id ?? throw new InvalidOperationException("The connector returned no conversation id."));
    }
}

public sealed class PublishConcernHandler(CaseCopies copies) : IOutboxHandler
{
    public string Kind => CaseCopies.PublishKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        copies.PublishAsync(Outbox.Read<PublishConcern>(message), cancellationToken);
}

public sealed class RefreshConcernCardsHandler(CaseCopies copies) : IOutboxHandler
{
    public string Kind => CaseCopies.RefreshKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        copies.RefreshAllAsync(Outbox.Read<RefreshConcernCards>(message).ConcernId, cancellationToken);
}
