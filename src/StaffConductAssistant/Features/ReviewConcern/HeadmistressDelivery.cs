using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.Common;
using StaffConductAssistant.Graph;

namespace StaffConductAssistant.Features.ReviewConcern;

/// <summary>
/// Puts a proposal in front of the Headmistress (and any acting Headmistress) as a 1:1 card, proactively, through
/// her stored conversation. If the app is not installed for her, it installs it through Graph and creates the 1:1
/// (teams-protocol.md §3, §8); if that fails, the SLT card says so plainly.
/// </summary>
public sealed partial class HeadmistressDelivery(
    AppDbContext db,
    ConcernCardFactory cards,
    IConnectorClient connector,
    ITeamsAppInstaller installer,
    IOptions<TeamsAppOptions> teams,
    IOptions<DecisionOptions> decisions,
    TimeProvider clock,
    ILogger<HeadmistressDelivery> logger)
{
    private const string AppActor = "app";

    public async Task NotifyAsync(NotifyHeadmistress notify, CancellationToken ct)
    {
        var concern = await db.Concerns.SingleOrDefaultAsync(c => c.Id == notify.CaseId, ct);
        if (concern is null || concern.State != CaseState.Proposed || concern.ProposalVersion != notify.ProposalVersion)
        {
            return; // Decided or changed since: nothing to put in front of her.
        }

        var problems = new List<string>();
        var proposedAt = concern.ProposedAt ?? concern.UpdatedAt;
        var alreadySent = await db.SentCards.AsNoTracking()
            .Where(s => s.ConcernId == concern.Id && (s.Purpose == CardPurpose.Headmistress || s.Purpose == CardPurpose.ActingHeadmistress))
            .ToListAsync(ct);
        foreach (var (userId, purpose) in await cards.DecidersAsync(ct))
        {
            if (alreadySent.Any(s => s.Purpose == purpose && s.SentAt >= proposedAt))
            {
                continue; // This proposal is already in front of her (outbox work can run twice).
            }

            var sent = await SendCardAsync(concern, userId, purpose, notify, null, ct);
            if (!sent)
            {
                problems.Add(purpose == CardPurpose.Headmistress ? "the Headmistress" : "the acting Headmistress");
            }
        }

        var now = clock.GetUtcNow();
        if (problems.Count > 0)
        {
            concern.HeadmistressDeliveryProblem =
                $"The app couldn't send this proposal to {string.Join(" or ", problems)} in Teams (the app may not be installed for her). " +
                "Please tell her there is a proposal waiting, or ask IT to install Staff Conduct Assistant for her.";
            AuditLog.Record(db, AppActor, "System", AuditActions.HeadmistressNotReached, ConcernView.Subject(concern.Id), now);
            Outbox.Enqueue(db, ConcernCards.RefreshKind, new RefreshConcernCards(concern.Id), now);
        }
        else
        {
            AuditLog.Record(db, AppActor, "System", AuditActions.HeadmistressSent, ConcernView.Subject(concern.Id), now);
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task RemindAsync(RemindHeadmistress remind, CancellationToken ct)
    {
        var concern = await db.Concerns.SingleOrDefaultAsync(c => c.Id == remind.CaseId, ct);
        if (concern is null || concern.State != CaseState.Proposed || concern.ProposalVersion != remind.ProposalVersion || concern.ReminderSentAt is not null)
        {
            return; // Decided, changed, or already reminded: once only.
        }

        var waited = clock.GetUtcNow() - (concern.ProposedAt ?? concern.UpdatedAt);
        var note = $"Reminder: this proposal has waited {Describe(waited)} for your decision.";
        foreach (var (userId, purpose) in await cards.DecidersAsync(ct))
        {
            if (await cards.PersonalConversationAsync(userId, ct) is { } conversation)
            {
                await SendToAsync(concern, purpose, conversation.ServiceUrl, conversation.ConversationId, note, ct);
            }
        }

        var now = clock.GetUtcNow();
        concern.ReminderSentAt = now;
        AuditLog.Record(db, AppActor, "System", AuditActions.ReminderSent, ConcernView.Subject(concern.Id), now);

        // SLT's copies now show "Overdue".
        Outbox.Enqueue(db, ConcernCards.RefreshKind, new RefreshConcernCards(concern.Id), now);
        await db.SaveChangesAsync(ct);
    }

    private async Task<bool> SendCardAsync(Concern concern, string userId, CardPurpose purpose, NotifyHeadmistress notify, string? note, CancellationToken ct)
    {
        var conversation = await cards.PersonalConversationAsync(userId, ct);
        if (conversation is not null)
        {
            try
            {
                await SendToAsync(concern, purpose, conversation.ServiceUrl, conversation.ConversationId, note, ct);
                return true;
            }
            catch (ConnectorException)
            {
                // Uninstalled or blocked since we stored it (403): install again below.
                Log.StoredConversationFailed(logger, concern.Id);
            }
        }

        if (string.IsNullOrWhiteSpace(notify.TenantId))
        {
            return false;
        }

        try
        {
            if (!string.IsNullOrWhiteSpace(teams.Value.CatalogAppId))
            {
                await installer.InstallForUserAsync(userId, teams.Value.CatalogAppId, ct);
            }

            // A 1:1 by Entra object id works once the app is installed in her personal scope (teams-protocol.md §3).
            var created = await connector.CreateConversationAsync(
                notify.ServiceUrl,
                ConversationParameters.ForPersonalChat(notify.BotId ?? string.Empty, userId, notify.TenantId),
                ct);
            if (created.Id is null)
            {
                return false;
            }

            await SendToAsync(concern, purpose, created.ServiceUrl ?? notify.ServiceUrl, created.Id, note, ct);
            return true;
        }
        catch (Exception ex) when (ex is ConnectorException or GraphUnavailableException or ServiceUrlNotAllowedException)
        {
            Log.DeliveryFailed(logger, concern.Id, ex.GetType().Name);
            return false;
        }
    }

    private async Task SendToAsync(Concern concern, CardPurpose purpose, string serviceUrl, string conversationId, string? note, CancellationToken ct)
    {
        var card = await cards.ForCopyAsync(concern.Id, purpose, note, ct)
            ?? throw new InvalidOperationException("The case disappeared while its card was being sent.");
        var message = new Activity
        {
            Type = ActivityTypes.Message,
            Conversation = new ConversationAccount { Id = conversationId },
            Attachments = [card.ToAttachment()],
            Summary = $"Decision needed: WhatsApp concern {ConcernCard.CaseNumber(concern.Id)}",
        };
        var sent = await connector.SendToConversationAsync(serviceUrl, conversationId, message, ct);
        db.SentCards.Add(new SentCard
        {
            ConcernId = concern.Id,
            Purpose = purpose,
            ServiceUrl = serviceUrl,
            ConversationId = conversationId,
            ActivityId = sent.Id,
            SentAt = clock.GetUtcNow(),
        });
    }

    private string Describe(TimeSpan waited) =>
        waited.TotalDays >= 1
            ? waited.TotalDays.ToString("0", CultureInfo.InvariantCulture) + (waited.TotalDays < 1.5 ? " day" : " days")
            : decisions.Value.RemindAfter.TotalHours.ToString("0", CultureInfo.InvariantCulture) + " hours";

    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Case {CaseId}: the stored 1:1 conversation refused the card; trying to install")]
        public static partial void StoredConversationFailed(ILogger logger, int caseId);

        [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Case {CaseId}: the decider could not be sent the card ({ErrorType})")]
        public static partial void DeliveryFailed(ILogger logger, int caseId, string errorType);
    }
}

public sealed class NotifyHeadmistressHandler(HeadmistressDelivery delivery) : IOutboxHandler
{
    public string Kind => CaseActionHandler.NotifyKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        delivery.NotifyAsync(Outbox.Read<NotifyHeadmistress>(message), cancellationToken);
}

public sealed class RemindHeadmistressHandler(HeadmistressDelivery delivery) : IOutboxHandler
{
    public string Kind => CaseActionHandler.RemindKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        delivery.RemindAsync(Outbox.Read<RemindHeadmistress>(message), cancellationToken);
}
