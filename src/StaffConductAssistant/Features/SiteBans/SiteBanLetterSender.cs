using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.SiteBans;

/// <param name="Retry">Asked for again by "Try sending again": Sent Items are searched for the letter's marker first.</param>
public sealed record SendSiteBanLetter(int CaseId, int StepId, bool Retry = false);

/// <summary>
/// Sends a site-ban step's letter (provisional, confirmed, lifted) from the school mailbox, or writes it as an .eml to
/// the outbox folder when there is none, as approved letters go. Exactly once, by the same rule as response letters
/// (<see cref="ExactlyOnceMail"/>): any second attempt looks for the letter's marker in Sent Items first. A failure is
/// retried by the outbox; after its last attempt the letter shows as failed, with the reason and "Try sending again".
/// </summary>
public sealed partial class SiteBanLetterSender(
    AppDbContext db,
    LetterTemplates letters,
    EditLetterTemplates.LetterTemplateLibrary library,
    IMailSender mail,
    LetterFolder folder,
    IOptions<LetterOptions> options,
    IOptions<OutboxOptions> outbox,
    TimeProvider clock,
    ILogger<SiteBanLetterSender> logger) : IOutboxHandler
{
    public const string Kind = "siteban.letter";

    string IOutboxHandler.Kind => Kind;

    public static string LetterIdFor(int caseId, int stepId) => FormattableString.Invariant($"case-{caseId}-siteban-step-{stepId}");

    public async Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var send = Outbox.Read<SendSiteBanLetter>(message);
        var step = await db.SiteBanSteps.SingleOrDefaultAsync(s => s.Id == send.StepId, cancellationToken);
        var concern = await db.Concerns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == send.CaseId, cancellationToken);
        if (step is null || concern is null || step.LetterStatus != Data.ActionStatus.Pending || step.LetterText is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var letterId = LetterIdFor(concern.Id, step.Id);

        // A letter to the moderator is addressed to them: the ban's letters go to the parent only.
        var to = letters.Find(concern.LetterTemplateId)?.ResponseId == ResponseIds.AskModeratorRemoval ? null : concern.LetterRecipientEmail;
        var letter = new OutgoingLetter(letterId, to, LetterTemplates.SubjectFor((await library.LatestAsync(db, cancellationToken)).Find(step.LetterTemplateId), concern), step.LetterText, now);
        string audit;
        if (string.IsNullOrWhiteSpace(options.Value.SenderMailbox))
        {
            if (folder.Path is null)
            {
                step.LetterStatus = Data.ActionStatus.Done;
                step.LetterDetail = "the School Office should print and send it (no school mailbox is set up for the app)";
                audit = SiteBanAudit.LetterWritten;
            }
            else
            {
                var file = await folder.WriteAsync(letter, options.Value.FromAddress, cancellationToken);
                step.LetterStatus = Data.ActionStatus.Done;
                step.LetterDetail = $"written to the outbox folder as {file} on {SchoolTime.DateAndTime(now)}, for the School Office to send or print";
                audit = SiteBanAudit.LetterWritten;
            }
        }
        else
        {
            var mailbox = options.Value.SenderMailbox;
            try
            {
                // A retry, or the outbox running this again after an answer was lost: look in Sent Items first.
                await ExactlyOnceMail.SendAsync(mail, mailbox, to ?? mailbox, letter, send.Retry || message.Attempts > 1, cancellationToken);
                step.LetterStatus = Data.ActionStatus.Done;
                step.LetterDetail = to is null
                    ? "emailed to the School Office to send on to the parent"
                    : $"emailed to {to} on {SchoolTime.DateAndTime(now)}";
                audit = SiteBanAudit.LetterSent;
            }
            catch (Exception ex) when (ex is MailOutcomeUnknownException or GraphUnavailableException)
            {
                Log.Failed(logger, concern.Id, step.Id, ex.GetType().Name);
                AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, SiteBanAudit.LetterFailed, AuditSubjects.Case(concern.Id), now,
                    System.Text.Json.JsonSerializer.Serialize(new { stepId = step.Id }));
                if (message.Attempts < outbox.Value.MaxAttempts)
                {
                    // Retried by the outbox; the next attempt looks in Sent Items first, so it never goes twice.
                    step.LetterDetail = "not sent yet: Microsoft Graph did not send it. The app tries again, checking Sent Items first";
                    await db.SaveChangesAsync(cancellationToken);
                    throw;
                }

                // The outbox's last attempt: it stops trying, so staff are told, and can try again themselves.
                step.LetterStatus = Data.ActionStatus.Failed;
                step.LetterDetail = ex is MailOutcomeUnknownException
                    ? ExactlyOnceMail.UnknownReason
                    : "the email could not be sent. \"Try sending again\", or print the letter for the School Office to post";
                Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
        }

        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, audit, AuditSubjects.Case(concern.Id), now,
            System.Text.Json.JsonSerializer.Serialize(new { stepId = step.Id, letterId }));
        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4700, Level = LogLevel.Warning, Message = "Case {CaseId}: site-ban letter for step {StepId} not sent ({ErrorType})")]
        public static partial void Failed(ILogger logger, int caseId, int stepId, string errorType);
    }
}
