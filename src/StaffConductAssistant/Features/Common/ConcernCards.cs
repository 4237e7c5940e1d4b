using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.ReviewConcern;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.Common;

/// <summary>Where a concern's card goes when it is logged: the SLT channel and the person who logged it.</summary>
public sealed record PublishConcern(int ConcernId, string? ServiceUrl, string? LoggerTeamsId, string? LoggerAadObjectId, string? TenantId, string? BotId);

/// <summary>
/// Sends and updates the copies of a concern's card. Every copy sent is stored (<see cref="SentCard"/>) so that
/// when the case changes, each copy is updated in place (PUT activity) and everyone sees the same state.
/// </summary>
public sealed class ConcernCards(
    AppDbContext db,
    IConnectorClient connector,
    IOptions<AppOptions> options,
    TimeProvider clock,
    ConcernCardFactory factory)
{
    public const string PublishKind = "concern.publish";
    public const string RefreshKind = "concern.refresh-cards";

    public Uri CaseUrl(int concernId) => new(options.Value.PublicBaseUrl, $"tab/concerns?case={concernId}");

    /// <summary>The base card for one copy; <see cref="ConcernCardFactory"/> picks the view the copy's purpose allows.</summary>
    public Task<AdaptiveCard?> BuildAsync(int concernId, CardPurpose purpose, string? note, CancellationToken cancellationToken) =>
        factory.ForCopyAsync(concernId, purpose, note, cancellationToken);

    public async Task PublishAsync(PublishConcern publish, CancellationToken cancellationToken)
    {
        var already = await db.SentCards.Where(s => s.ConcernId == publish.ConcernId).Select(s => s.Purpose).ToListAsync(cancellationToken);
        var slt = await SltChannel.GetAsync(db, cancellationToken);

        if (slt is not null && !already.Contains(CardPurpose.SltChannel))
        {
            var card = await BuildAsync(publish.ConcernId, CardPurpose.SltChannel, null, cancellationToken);
            if (card is not null)
            {
                var message = ConversationStore.ReferenceOf(slt).CreateMessage(attachments: [card.ToAttachment()]);
                var sent = await connector.SendToConversationAsync(slt.ServiceUrl, slt.ConversationId, message, cancellationToken);
                await RecordAsync(publish.ConcernId, CardPurpose.SltChannel, slt.ServiceUrl, slt.ConversationId, sent.Id, cancellationToken);
            }
        }

        if (!already.Contains(CardPurpose.Logger))
        {
            var note = slt is null
                ? "No SLT channel is set yet, so only you have this card. An SLT member can set one by writing \"use this channel for concerns\" to me in the SLT channel."
                : null;
            var card = await BuildAsync(publish.ConcernId, CardPurpose.Logger, note, cancellationToken);
            if (card is not null)
            {
                if (await PersonalConversationAsync(publish, cancellationToken) is not var (serviceUrl, conversationId))
                {
                    // Logged from the tab by someone the bot has never talked to: the tab shows them the case.
                    return;
                }

                var message = new Activity
                {
                    Type = ActivityTypes.Message,
                    Conversation = new ConversationAccount { Id = conversationId },
                    Attachments = [card.ToAttachment()],
                };
                var sent = await connector.SendToConversationAsync(serviceUrl, conversationId, message, cancellationToken);
                await RecordAsync(publish.ConcernId, CardPurpose.Logger, serviceUrl, conversationId, sent.Id, cancellationToken);
            }
        }
    }

    /// <summary>Updates every copy of the card to the case's current state.</summary>
    public async Task RefreshAllAsync(int concernId, CancellationToken cancellationToken)
    {
        var copies = await db.SentCards.AsNoTracking().Where(s => s.ConcernId == concernId && s.ActivityId != null).ToListAsync(cancellationToken);
        foreach (var copy in copies)
        {
            var card = await BuildAsync(concernId, copy.Purpose, null, cancellationToken);
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
            await connector.UpdateActivityAsync(copy.ServiceUrl, copy.ConversationId, copy.ActivityId!, update, cancellationToken);
        }
    }

    private async Task<(string ServiceUrl, string ConversationId)?> PersonalConversationAsync(PublishConcern publish, CancellationToken cancellationToken)
    {
        var existing = publish.LoggerAadObjectId is null
            ? null
            : await db.Conversations.AsNoTracking()
                .Where(c => c.UserAadObjectId == publish.LoggerAadObjectId && c.ConversationType == "personal" && (publish.ServiceUrl == null || c.ServiceUrl == publish.ServiceUrl))
                .FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return (existing.ServiceUrl, existing.ConversationId);
        }

        if (publish.ServiceUrl is null || publish.LoggerTeamsId is null)
        {
            return null;
        }

        // Proactive 1:1: works when the app is installed for the user (docs/teams-protocol.md §3).
        var created = await connector.CreateConversationAsync(
            publish.ServiceUrl,
            ConversationParameters.ForPersonalChat(publish.BotId ?? string.Empty, publish.LoggerTeamsId, publish.TenantId ?? string.Empty),
            cancellationToken);
        return (created.ServiceUrl ?? publish.ServiceUrl, created.Id ?? throw new InvalidOperationException("The connector returned no conversation id."));
    }

    private async Task RecordAsync(int concernId, CardPurpose purpose, string serviceUrl, string conversationId, string? activityId, CancellationToken cancellationToken)
    {
        db.SentCards.Add(new SentCard
        {
            ConcernId = concernId,
            Purpose = purpose,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId,
            ActivityId = activityId,
            SentAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed class PublishConcernHandler(ConcernCards cards) : IOutboxHandler
{
    public string Kind => ConcernCards.PublishKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        cards.PublishAsync(Outbox.Read<PublishConcern>(message), cancellationToken);
}

public sealed record RefreshConcernCards(int ConcernId);

public sealed class RefreshConcernCardsHandler(ConcernCards cards) : IOutboxHandler
{
    public string Kind => ConcernCards.RefreshKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        cards.RefreshAllAsync(Outbox.Read<RefreshConcernCards>(message).ConcernId, cancellationToken);
}
