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

public sealed record SendSiteBanLetter(int CaseId, int StepId);

/// <summary>
/// Sends a site-ban step's letter (provisional, confirmed, lifted) from the school mailbox, or writes it as an .eml to
/// the outbox folder when there is none, as approved letters go. Exactly once: the letter carries its marker header,
/// and any second attempt looks for it in Sent Items first; a failure is retried by the outbox.
/// </summary>
public sealed partial class SiteBanLetterSender(
    AppDbContext db,
    LetterTemplates letters,
    EditLetterTemplates.LetterTemplateLibrary library,
    IMailSender mail,
    LetterFolder folder,
    IOptions<LetterOptions> options,
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
            var marker = (OutgoingLetter.MarkerHeader, letterId);
            try
            {
                if (message.Attempts <= 1 || !await mail.IsInSentItemsAsync(mailbox, marker, cancellationToken))
                {
                    await mail.SendAsync(mailbox, to ?? mailbox, letter.Subject, letter.Body, marker, cancellationToken);
                }

                step.LetterStatus = Data.ActionStatus.Done;
                step.LetterDetail = to is null
                    ? "emailed to the School Office to send on to the parent"
                    : $"emailed to {to} on {SchoolTime.DateAndTime(now)}";
                audit = SiteBanAudit.LetterSent;
            }
            catch (Exception ex) when (ex is MailOutcomeUnknownException or GraphUnavailableException)
            {
                // Retried by the outbox; the next attempt looks in Sent Items first, so it never goes twice.
                Log.Failed(logger, concern.Id, step.Id, ex.GetType().Name);
                step.LetterDetail = "not sent yet: Microsoft Graph did not send it. The app tries again, checking Sent Items first";
                AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, SiteBanAudit.LetterFailed, AuditSubjects.Case(concern.Id), now,
                    System.Text.Json.JsonSerializer.Serialize(new { stepId = step.Id }));
                await db.SaveChangesAsync(cancellationToken);
                throw;
            }
        }

        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, audit, AuditSubjects.Case(concern.Id), now,
            System.Text.Json.JsonSerializer.Serialize(new { stepId = step.Id, letterId }));
        Outbox.Enqueue(db, CaseCopies.RefreshKind, new RefreshConcernCards(concern.Id), now);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4700, Level = LogLevel.Warning, Message = "Case {CaseId}: site-ban letter for step {StepId} not sent ({ErrorType}); retrying")]
        public static partial void Failed(ILogger logger, int caseId, int stepId, string errorType);
    }
}
