using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Graph;

namespace StaffConductAssistant.Features.CarryOutAction;

/// <summary>
/// Emails an approved letter from the school's mailbox (Graph sendMail). It sends only the exact text the
/// Headmistress approved: the proposal's hash must still equal the decided hash, else nothing is sent.
/// sendMail has no idempotency key, so each letter carries its own marker header and a resend looks for it in Sent
/// Items first (no letter twice). With no mailbox, the letter is written as an .eml file (<see cref="LetterFolder"/>).
/// </summary>
public sealed partial class LetterSender(
    AppDbContext db,
    EditLetterTemplates.LetterTemplateLibrary letters,
    IMailSender mail,
    LetterFolder folder,
    IOptions<LetterOptions> options,
    TimeProvider clock,
    ILogger<LetterSender> logger)
{
    public async Task SendAsync(SendLetter send, CancellationToken ct)
    {
        var concern = await db.Concerns.Include(c => c.Actions).Include(c => c.Tasks).Include(c => c.SiteBan).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == send.CaseId, ct);
        var action = concern?.Actions.FirstOrDefault(a => a.ResponseId == send.ResponseId && a.Status == ActionStatus.Pending);
        if (concern is null || action is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var approved = concern.State is CaseState.Approved or CaseState.ActionsInProgress
            && concern.DecidedProposalVersion == send.ProposalVersion
            && concern.ProposalVersion == send.ProposalVersion
            && concern.DecidedProposalSha256 == ProposeHandler.ProposalHash(concern);
        var letterId = OutgoingLetter.IdFor(concern.Id, action.Id, send.ProposalVersion);
        Outcome outcome;
        if (!approved || concern.LetterText is null)
        {
            outcome = new Outcome(ActionStatus.Cancelled, "not sent: the proposal changed after it was approved", null, null);
            Log.NotApproved(logger, concern.Id);
        }
        else if (string.IsNullOrWhiteSpace(options.Value.SenderMailbox))
        {
            outcome = await WriteToFolderAsync(concern, await letters.UsedByAsync(db, concern, ct), letterId, now, ct);
        }
        else
        {
            outcome = await EmailAsync(concern, await letters.UsedByAsync(db, concern, ct), options.Value.SenderMailbox, letterId, send.Retry, now, ct);
        }

        // sendMail cannot be undone or repeated safely, so the outcome must be saved even if someone changed the
        // case meanwhile (its version is the concurrency token): reload and apply it again rather than fail and retry.
        for (var attempt = 0; ; attempt++)
        {
            Apply(concern, action, outcome, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                db.ChangeTracker.Clear();
                concern = await db.Concerns.Include(c => c.Actions).Include(c => c.Tasks).Include(c => c.SiteBan).AsSplitQuery().SingleAsync(c => c.Id == send.CaseId, ct);
                action = concern.Actions.Single(a => a.Id == action.Id);
            }
        }
    }

    /// <summary>No mailbox: the letter is written as an .eml file for the School Office to send or print (local mode).</summary>
    private async Task<Outcome> WriteToFolderAsync(Concern concern, LetterTemplate? template, string letterId, DateTimeOffset now, CancellationToken ct)
    {
        if (folder.Path is null)
        {
            return new Outcome(ActionStatus.Pending, "approved: the School Office should print and send it (no school mailbox is set up for the app)", null, null);
        }

        var file = await folder.WriteAsync(Letter(concern, template, letterId, now), options.Value.FromAddress, ct);
        return new Outcome(ActionStatus.Done, $"written to the outbox folder as {file} on {SchoolTime.DateAndTime(now)}, for the School Office to send or print", letterId, AuditActions.LetterWritten);
    }

    /// <summary>
    /// Exactly once: a resend first looks in the mailbox's Sent Items for this letter's marker; if it is there, the
    /// letter went (an earlier answer was lost), and it is not sent again.
    /// </summary>
    private async Task<Outcome> EmailAsync(Concern concern, LetterTemplate? template, string mailbox, string letterId, bool retry, DateTimeOffset now, CancellationToken ct)
    {
        var letter = Letter(concern, template, letterId, now);
        var sent = concern.LetterRecipientEmail is null
            ? new Outcome(ActionStatus.Pending, "emailed to the School Office to send on to the parent: mark it done when it has gone", letterId, AuditActions.LetterSent)
            : new Outcome(ActionStatus.Done, $"emailed to {concern.LetterRecipientEmail} on {SchoolTime.DateAndTime(now)}", letterId, AuditActions.LetterSent);
        try
        {
            if (!await ExactlyOnceMail.SendAsync(mail, mailbox, letter.To ?? mailbox, letter, retry, ct))
            {
                Log.FoundSent(logger, concern.Id);
            }

            return sent;
        }
        catch (MailOutcomeUnknownException ex)
        {
            Log.Failed(logger, concern.Id, ex.GetType().Name);
            return new Outcome(ActionStatus.Failed, ExactlyOnceMail.UnknownReason, null, AuditActions.LetterFailed);
        }
        catch (GraphUnavailableException ex)
        {
            Log.Failed(logger, concern.Id, ex.GetType().Name);
            return new Outcome(ActionStatus.Failed, "the email could not be sent. Try again, or print the letter and mark it done", null, AuditActions.LetterFailed);
        }
    }

    private static OutgoingLetter Letter(Concern concern, LetterTemplate? template, string letterId, DateTimeOffset now) => new(
        letterId,
        concern.LetterRecipientEmail,
        LetterTemplates.SubjectFor(template, concern),
        // A provisional site ban's letter names its scope and the last day for representations, known only once approved.
        SiteBans.SiteBanLetters.FillDates(LetterTemplates.Sign(concern.LetterText!, concern), concern.SiteBan),
        now);

    private void Apply(Concern concern, ConcernAction action, Outcome outcome, DateTimeOffset now)
    {
        action.Status = outcome.Status;
        action.Detail = outcome.Detail;
        action.ExternalId = outcome.ExternalId ?? action.ExternalId;
        action.CompletedAt = outcome.Status == ActionStatus.Done ? now : null;
        if (outcome.AuditAction is { } audited)
        {
            AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, audited, AuditSubjects.Case(concern.Id), now,
                System.Text.Json.JsonSerializer.Serialize(new { actionId = action.Id, proposalSha256 = concern.DecidedProposalSha256, template = concern.LetterTemplateId, templateVersion = concern.LetterTemplateVersion }));
        }

        if (ConcernActions.AllDone(concern))
        {
            ConcernActions.CloseByApp(db, concern, now.AddMilliseconds(1));
        }

        // A new version: buttons drawn before this (Mark done, Try again) are answered with the current card.
        concern.Version++;
        concern.UpdatedAt = now;
        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
    }

    private sealed record Outcome(ActionStatus Status, string Detail, string? ExternalId, string? AuditAction);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "Case {CaseId}: the letter no longer matches what was approved; not sent")]
        public static partial void NotApproved(ILogger logger, int caseId);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Case {CaseId}: the letter was already in Sent Items; not sent again")]
        public static partial void FoundSent(ILogger logger, int caseId);

        [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Case {CaseId}: the letter could not be emailed ({ErrorType})")]
        public static partial void Failed(ILogger logger, int caseId, string errorType);
    }
}

public sealed class SendLetterHandler(LetterSender sender) : IOutboxHandler
{
    public string Kind => CarryOutHandler.LetterKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        sender.SendAsync(Outbox.Read<SendLetter>(message), cancellationToken);
}
