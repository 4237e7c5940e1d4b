using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.Safeguarding;

/// <summary>A safeguarding concern goes to the Designated Safeguarding Lead at once (KCSIE), as a 1:1 card she can act on.</summary>
public sealed record NotifyDsl(int CaseId, string? ServiceUrl, string? BotId, string? TenantId);

public sealed class DslDelivery(AppDbContext db, PersonalDelivery delivery, IOptions<RolesOptions> roles, TimeProvider clock)
{
    public const string Kind = "safeguarding.notify-dsl";

    public async Task NotifyAsync(NotifyDsl notify, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notify);
        var concern = await db.Concerns.SingleOrDefaultAsync(c => c.Id == notify.CaseId, ct);
        if (concern is null || !concern.Safeguarding || concern.DslToldAt is not null)
        {
            return; // Told already (outbox work can run twice), or not a safeguarding concern.
        }

        var dsls = roles.Value.DslIds();
        var reached = 0;
        foreach (var dsl in dsls)
        {
            if (await delivery.SendAsync(concern.Id, dsl, CardPurpose.Dsl, notify.ServiceUrl, notify.BotId, notify.TenantId, null,
                    $"Safeguarding: WhatsApp concern {ConcernCard.CaseNumber(concern.Id)}", ct))
            {
                reached++;
            }
        }

        var now = clock.GetUtcNow();
        if (reached > 0)
        {
            concern.DslToldAt = now;
            concern.DslDeliveryProblem = null;
            AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, AuditActions.DslSent, AuditSubjects.Case(concern.Id), now);
        }
        else
        {
            concern.DslDeliveryProblem = dsls.Count == 0
                ? "No Designated Safeguarding Lead is set up in the app (Roles:DslUserId), so no one has been sent this concern: tell the DSL now."
                : "The app couldn't send this concern to the Designated Safeguarding Lead in Teams: tell the DSL now.";
            AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, AuditActions.DslNotReached, AuditSubjects.Case(concern.Id), now);
        }

        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
        await db.SaveChangesAsync(ct);
    }
}

public sealed class NotifyDslHandler(DslDelivery delivery) : IOutboxHandler
{
    public string Kind => DslDelivery.Kind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        delivery.NotifyAsync(Outbox.Read<NotifyDsl>(message), cancellationToken);
}
