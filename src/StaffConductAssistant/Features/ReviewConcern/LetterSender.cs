using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.Common;
using StaffConductAssistant.Graph;

namespace StaffConductAssistant.Features.ReviewConcern;

/// <summary>
/// Emails an approved letter from the school's mailbox (Graph sendMail). It sends only the exact text the
/// Headmistress approved: the proposal's hash must still equal the decided hash, else nothing is sent.
/// sendMail has no idempotency key, so a failure is reported to staff rather than retried (no letter twice).
/// </summary>
public sealed partial class LetterSender(
    AppDbContext db,
    LetterTemplates letters,
    IMailSender mail,
    IOptions<LetterOptions> options,
    TimeProvider clock,
    ILogger<LetterSender> logger)
{
    public async Task SendAsync(SendLetter send, CancellationToken ct)
    {
        var concern = await db.Concerns.Include(c => c.Actions).SingleOrDefaultAsync(c => c.Id == send.CaseId, ct);
        var action = concern?.Actions.FirstOrDefault(a => a.ResponseId == send.ResponseId && a.Status == ActionStatus.Pending);
        if (concern is null || action is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var approved = concern.State is CaseState.Approved or CaseState.ActionsInProgress
            && concern.DecidedProposalVersion == send.ProposalVersion
            && concern.ProposalVersion == send.ProposalVersion
            && concern.DecidedProposalSha256 == CaseActionHandler.ProposalHash(concern);
        if (!approved || concern.LetterText is null)
        {
            action.Status = ActionStatus.Cancelled;
            action.Detail = "not sent: the proposal changed after it was approved";
            Log.NotApproved(logger, concern.Id);
        }
        else if (string.IsNullOrWhiteSpace(options.Value.SenderMailbox))
        {
            action.Detail = "approved: the School Office should print and send it (no school mailbox is set up for the app)";
        }
        else
        {
            var template = letters.Find(concern.LetterTemplateId);
            var to = concern.LetterRecipientEmail ?? options.Value.SenderMailbox;
            try
            {
                await mail.SendAsync(options.Value.SenderMailbox, to, template?.Subject ?? "St John's Priory School", concern.LetterText, ct);
                action.Status = concern.LetterRecipientEmail is null ? ActionStatus.Pending : ActionStatus.Done;
                action.Detail = concern.LetterRecipientEmail is null
                    ? "emailed to the School Office to send on to the parent"
                    : $"emailed to {concern.LetterRecipientEmail} on {ConcernCard.When(now)}";
                action.ExternalId = concern.DecidedProposalSha256;
                action.CompletedAt = concern.LetterRecipientEmail is null ? null : now;
                AuditLog.Record(db, "app", "System", AuditActions.LetterSent, ConcernView.Subject(concern.Id), now,
                    System.Text.Json.JsonSerializer.Serialize(new { proposalSha256 = concern.DecidedProposalSha256 }));
            }
            catch (GraphUnavailableException ex)
            {
                action.Status = ActionStatus.Failed;
                action.Detail = "the email could not be sent; please send the letter by hand";
                AuditLog.Record(db, "app", "System", AuditActions.LetterFailed, ConcernView.Subject(concern.Id), now);
                Log.Failed(logger, concern.Id, ex.GetType().Name);
            }
        }

        Outbox.Enqueue(db, ConcernCards.RefreshKind, new RefreshConcernCards(concern.Id), now);
        await db.SaveChangesAsync(ct);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "Case {CaseId}: the letter no longer matches what was approved; not sent")]
        public static partial void NotApproved(ILogger logger, int caseId);

        [LoggerMessage(EventId = 4201, Level = LogLevel.Error, Message = "Case {CaseId}: the letter could not be emailed ({ErrorType})")]
        public static partial void Failed(ILogger logger, int caseId, string errorType);
    }
}

public sealed class SendLetterHandler(LetterSender sender) : IOutboxHandler
{
    public string Kind => CaseActionHandler.LetterKind;

    public Task HandleAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        sender.SendAsync(Outbox.Read<SendLetter>(message), cancellationToken);
}

public static class ReviewConcernServices
{
    /// <summary>Review and decision: the card's actions, the Headmistress's cards and reminders, approved letters.</summary>
    public static IServiceCollection AddReviewConcern(this IServiceCollection services)
    {
        services.AddOptions<TeamsAppOptions>().BindConfiguration(TeamsAppOptions.Section);
        services.AddOptions<LetterOptions>().BindConfiguration(LetterOptions.Section);
        services.AddSingleton(LetterTemplates.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Features", "ReviewConcern", LetterTemplates.FileName)));
        services.AddScoped<ConcernCardFactory>();
        services.AddScoped<CaseActionHandler>();
        services.AddScoped<HeadmistressDelivery>();
        services.AddScoped<LetterSender>();
        services.AddScoped<IOutboxHandler, NotifyHeadmistressHandler>();
        services.AddScoped<IOutboxHandler, RemindHeadmistressHandler>();
        services.AddScoped<IOutboxHandler, SendLetterHandler>();
        return services;
    }
}
