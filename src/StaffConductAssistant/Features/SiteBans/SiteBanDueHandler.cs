using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.Tasks;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.SiteBans;

/// <param name="Day">The date the message was set for; a ban whose date has moved since ignores it.</param>
public sealed record SiteBanDue(int CaseId, SiteBanAction Action, DateOnly Day, string? ServiceUrl, string? BotId, string? TenantId);

/// <summary>One person told about a site ban with the case's card 1:1, a note on top.</summary>
public sealed record TellAboutSiteBan(int CaseId, string UserId, string Note, string? ServiceUrl, string? BotId, string? TenantId);

/// <summary>
/// The dates the app acts on itself, as outbox messages due at 08:00 school time (like task reminders, so a restart
/// loses none): the morning after the last day for representations, the ban moves to review and SLT are told; on a
/// confirmed ban's review date, it moves to review again and SLT and the decider are told; the morning after a confirmed
/// ban's last day, it is lifted (<see cref="SiteBanAction.Expire"/>) and SLT and the decider are told.
/// </summary>
public sealed class SiteBanDueHandler(AppDbContext db, TimeProvider clock) : IOutboxHandler
{
    public const string Kind = "siteban.due";
    public const string TellKind = "siteban.tell";

    string IOutboxHandler.Kind => Kind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var due = Outbox.Read<SiteBanDue>(message);
        var concern = await db.Concerns.Include(c => c.SiteBan).ThenInclude(b => b!.Steps).SingleOrDefaultAsync(c => c.Id == due.CaseId, cancellationToken);
        var ban = concern?.SiteBan;
        if (concern is null || ban is null)
        {
            return;
        }

        // Reviewed already (confirmed or lifted before the date came), or lifted before its end: nothing is due.
        if ((due.Action == SiteBanAction.RepresentationDatePassed && ban.State is not (SiteBanState.Provisional or SiteBanState.UnderReview))
            || (due.Action == SiteBanAction.Expire && ban.State is not (SiteBanState.Confirmed or SiteBanState.UnderReview)))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var date = due.Action switch
        {
            SiteBanAction.RepresentationDatePassed => ban.RepresentationsBy,
            SiteBanAction.Expire => ban.Until,
            _ => ban.ReviewOn,
        };
        if (date != due.Day || ban.Steps.Any(s => s.Action == due.Action && s.At >= TaskReminders.SchoolMorning(due.Day).AddDays(-1)))
        {
            return; // Moved since (a later review set new dates), or already done (outbox work can run twice).
        }

        string? slt = concern.ProposedByUserId;
        string note;
        if (due.Action == SiteBanAction.RepresentationDatePassed)
        {
            // Recorded even when a reply already put the ban under review, so a second run of this message finds it
            // done and SLT are told once.
            var replies = ban.Steps.Count(s => s.Action == SiteBanAction.RecordRepresentation);
            Step(concern, ban, due.Action, now, SiteBanAudit.DatePassed);
            note = replies == 0
                ? $"Representations about the site ban closed on {TaskHandler.Day(ban.RepresentationsBy)} with no reply recorded. The review is due now."
                : $"Representations about the site ban closed on {TaskHandler.Day(ban.RepresentationsBy)} ({replies} recorded). The review is due now.";
        }
        else if (due.Action == SiteBanAction.Expire)
        {
            // The period the confirmation letter gave is over: the parent may come onto the site again, and no review is due.
            Step(concern, ban, due.Action, now, SiteBanAudit.Expired);
            await db.Entry(concern).Collection(c => c.Tasks).LoadAsync(cancellationToken);
            await db.Entry(concern).Collection(c => c.Actions).LoadAsync(cancellationToken);
            foreach (var open in concern.Tasks.Where(t => t.Kind == TaskKinds.ReviewSiteBan && t.DoneAt is null))
            {
                open.DoneAt = now;
                open.DoneByUserId = AuditLog.AppActor;
            }

            // As when she lifts it: with nothing else left to do, the case closes.
            if (CarryOutAction.ConcernActions.AllDone(concern))
            {
                CarryOutAction.ConcernActions.CloseByApp(db, concern, now.AddMilliseconds(1));
            }

            note = $"The site ban ended on {TaskHandler.Day(due.Day)}, the last day the letter gave, so the app has lifted it: the parent may come onto the school site again. No review is due.";
            Outbox.Enqueue(db, TellKind, new TellAboutSiteBan(concern.Id, ban.DeciderUserId, note, due.ServiceUrl, due.BotId, due.TenantId), now);
        }
        else
        {
            if (ban.State != SiteBanState.Confirmed)
            {
                return;
            }

            Step(concern, ban, due.Action, now, SiteBanAudit.ReviewDateReached);
            note = $"The confirmed site ban is due for review today, {TaskHandler.Day(due.Day)}: confirm it again with new dates, or lift it.";
            Outbox.Enqueue(db, TellKind, new TellAboutSiteBan(concern.Id, ban.DeciderUserId, note, due.ServiceUrl, due.BotId, due.TenantId), now);
        }

        if (slt is not null && !(due.Action != SiteBanAction.RepresentationDatePassed && string.Equals(slt, ban.DeciderUserId, StringComparison.OrdinalIgnoreCase)))
        {
            Outbox.Enqueue(db, TellKind, new TellAboutSiteBan(concern.Id, slt, note, due.ServiceUrl, due.BotId, due.TenantId), now);
        }

        concern.Version++;
        concern.UpdatedAt = now;
        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Step(Concern concern, SiteBan ban, SiteBanAction action, DateTimeOffset now, string audit)
    {
        var from = ban.State;
        var to = SiteBanWorkflow.Apply(from, action, null, null);
        ban.State = to;
        ban.UpdatedAt = now;
        ban.Steps.Add(new SiteBanStep { Action = action, To = to, At = now, ByUserId = AuditLog.AppActor });
        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, audit, AuditSubjects.Case(concern.Id), now,
            System.Text.Json.JsonSerializer.Serialize(new { from = from.ToString(), to = to.ToString() }));
    }
}

/// <summary>Sends one site-ban note: the case's card 1:1 with the note on top, drawn for that person by the access rule.</summary>
public sealed class TellAboutSiteBanHandler(AppDbContext db, PersonalDelivery delivery, TimeProvider clock) : IOutboxHandler
{
    public string Kind => SiteBanDueHandler.TellKind;

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var tell = Outbox.Read<TellAboutSiteBan>(message);
        await delivery.SendAsync(tell.CaseId, tell.UserId, CardPurpose.TaskReminder, tell.ServiceUrl, tell.BotId, tell.TenantId, tell.Note,
            $"WhatsApp concern {ConcernCard.CaseNumber(tell.CaseId)}: {tell.Note}", cancellationToken);
        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, SiteBanAudit.Told, AuditSubjects.Case(tell.CaseId), clock.GetUtcNow(),
            System.Text.Json.JsonSerializer.Serialize(new { to = tell.UserId }));
        await db.SaveChangesAsync(cancellationToken);
    }
}
