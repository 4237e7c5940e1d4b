using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.DecideResponse;

/// <summary>
/// Puts a proposal in front of whoever may decide it (the Headmistress and any acting Headmistress, or the configured
/// decider when the case names her) as a 1:1 card; if that fails, SLT's card says so plainly. Reminds once when overdue.
/// </summary>
public sealed class HeadmistressDelivery(
    AppDbContext db,
    CaseCardBuilder cards,
    PersonalDelivery delivery,
    IOptions<RolesOptions> roles,
    IOptions<DecisionOptions> decisions,
    TimeProvider clock)
{
    public async Task NotifyAsync(NotifyHeadmistress notify, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notify);
        var concern = await db.Concerns.Include(c => c.People).SingleOrDefaultAsync(c => c.Id == notify.CaseId, ct);
        if (concern is null || concern.State != CaseState.Proposed || concern.ProposalVersion != notify.ProposalVersion)
        {
            return; // Decided or changed since: nothing to put in front of her.
        }

        var problems = new List<string>();
        var proposedAt = concern.ProposedAt ?? concern.UpdatedAt;
        var alreadySent = await db.SentCards.AsNoTracking()
            .Where(s => s.ConcernId == concern.Id && (s.Purpose == CardPurpose.Headmistress || s.Purpose == CardPurpose.ActingHeadmistress))
            .ToListAsync(ct);
        var deciders = await cards.DecidersAsync(concern.ToFacts(roles.Value.HeadmistressIds()), ct);
        foreach (var (userId, purpose) in deciders)
        {
            if (alreadySent.Any(s => s.Purpose == purpose && s.SentAt >= proposedAt && (s.RecipientUserId is null || s.RecipientUserId == userId)))
            {
                continue; // This proposal is already in front of them (outbox work can run twice).
            }

            var sent = await delivery.SendAsync(concern.Id, userId, purpose, notify.ServiceUrl, notify.BotId, notify.TenantId, null,
                $"Decision needed: WhatsApp concern {ConcernCard.CaseNumber(concern.Id)}", ct);
            if (!sent)
            {
                problems.Add(purpose == CardPurpose.Headmistress ? "the Headmistress" : "the acting Headmistress");
            }
        }

        var now = clock.GetUtcNow();
        if (deciders.Count == 0)
        {
            concern.HeadmistressDeliveryProblem =
                "Nobody can decide this case yet: it names the Headmistress, and IT have not set who decides such cases (Roles:DeciderWhenHeadmistressNamed).";
            AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, AuditActions.HeadmistressNotReached, AuditSubjects.Case(concern.Id), now);
            Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
        }
        else if (problems.Count > 0)
        {
            concern.HeadmistressDeliveryProblem =
                $"The app couldn't send this proposal to {string.Join(" or ", problems.Distinct())} in Teams (the app may not be installed for her). " +
                "Please tell her there is a proposal waiting, or ask IT to install Staff Conduct Assistant for her.";
            AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, AuditActions.HeadmistressNotReached, AuditSubjects.Case(concern.Id), now);
            Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
        }
        else
        {
            AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, AuditActions.HeadmistressSent, AuditSubjects.Case(concern.Id), now);
            if (concern.HeadmistressDeliveryProblem is not null)
            {
                // Sent at a second attempt (she has installed the app since): SLT's card stops saying it failed.
                concern.HeadmistressDeliveryProblem = null;
                Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
            }
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A decider who installs the app after a proposal could not reach her gets it now, so the order in which people
    /// open the app does not matter: each proposal that is waiting with a delivery problem is sent again through the
    /// outbox, which skips whoever already has it.
    /// </summary>
    public async Task CatchUpAsync(string? userAadObjectId, string? serviceUrl, string? botId, string? tenantId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(userAadObjectId) || string.IsNullOrEmpty(serviceUrl))
        {
            return;
        }

        var waiting = await db.Concerns.Include(c => c.People)
            .Where(c => c.State == CaseState.Proposed && c.HeadmistressDeliveryProblem != null)
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        var queued = false;
        foreach (var concern in waiting)
        {
            var deciders = await cards.DecidersAsync(concern.ToFacts(roles.Value.HeadmistressIds()), ct);
            if (deciders.Any(d => string.Equals(d.UserId, userAadObjectId, StringComparison.OrdinalIgnoreCase)))
            {
                Outbox.Enqueue(db, ProposeHandler.NotifyKind, new NotifyHeadmistress(concern.Id, concern.ProposalVersion, serviceUrl, botId, tenantId), now);
                queued = true;
            }
        }

        if (queued)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task RemindAsync(RemindHeadmistress remind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(remind);
        var concern = await db.Concerns.Include(c => c.People).SingleOrDefaultAsync(c => c.Id == remind.CaseId, ct);
        if (concern is null || concern.State != CaseState.Proposed || concern.ProposalVersion != remind.ProposalVersion || concern.ReminderSentAt is not null)
        {
            return; // Decided, changed, or already reminded: once only.
        }

        var waited = clock.GetUtcNow() - (concern.ProposedAt ?? concern.UpdatedAt);
        var note = $"Reminder: this proposal has waited {Describe(waited)} for your decision.";
        foreach (var (userId, purpose) in await cards.DecidersAsync(concern.ToFacts(roles.Value.HeadmistressIds()), ct))
        {
            if (await cards.PersonalConversationAsync(userId, ct) is { } conversation)
            {
                await delivery.SendToAsync(concern.Id, userId, purpose, conversation.ServiceUrl, conversation.ConversationId, note,
                    $"Decision needed: WhatsApp concern {ConcernCard.CaseNumber(concern.Id)}", ct);
            }
        }

        var now = clock.GetUtcNow();
        concern.ReminderSentAt = now;
        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, AuditActions.ReminderSent, AuditSubjects.Case(concern.Id), now);

        // SLT's copies now show "Overdue".
        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
        await db.SaveChangesAsync(ct);
    }

    private string Describe(TimeSpan waited) =>
        waited.TotalDays >= 1
            ? waited.TotalDays.ToString("0", CultureInfo.InvariantCulture) + (waited.TotalDays < 1.5 ? " day" : " days")
            : decisions.Value.RemindAfter.TotalHours.ToString("0", CultureInfo.InvariantCulture) + " hours";
}

public sealed class NotifyHeadmistressHandler(HeadmistressDelivery delivery) : IOutboxHandler
{
    public string Kind => ProposeHandler.NotifyKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        delivery.NotifyAsync(Outbox.Read<NotifyHeadmistress>(message), cancellationToken);
}

public sealed class RemindHeadmistressHandler(HeadmistressDelivery delivery) : IOutboxHandler
{
    public string Kind => ProposeHandler.RemindKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        delivery.RemindAsync(Outbox.Read<RemindHeadmistress>(message), cancellationToken);
}
