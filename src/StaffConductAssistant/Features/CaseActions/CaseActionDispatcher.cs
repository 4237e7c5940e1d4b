using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Features.RefreshCase;
using StaffConductAssistant.Features.Safeguarding;
using StaffConductAssistant.Features.WithdrawCase;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.CaseActions;

/// <summary>What became of one request about a case.</summary>
public abstract record CaseResult
{
    /// <summary>The rule refused, and the answer must show nothing of the case: only this message.</summary>
    public sealed record Refused(string Message) : CaseResult;

    public sealed record Missing : CaseResult;

    /// <summary>Answer with the person's own view of the case and this note.</summary>
    public sealed record Answered(int CaseId, CaseOutcome Outcome) : CaseResult;
}

/// <summary>
/// Every request about one case, from a card (Action.Execute) or the case page, goes through here: the case is loaded,
/// the access rule asked, the card's age and version checked, then one handler runs. A workflow refusal or a lost
/// race becomes a plain note here, in one place; never a 500.
/// </summary>
public sealed partial class CaseActionDispatcher(
    AppDbContext db,
    CaseChanges changes,
    IOptions<RolesOptions> roles,
    IOptions<DecisionOptions> options,
    TimeProvider clock,
    RefreshCaseHandler refresh,
    ProposeHandler propose,
    WithdrawHandler withdraw,
    DecideHandler decide,
    CarryOutHandler carryOut,
    RecordSafeguardingHandler safeguarding,
    ScheduleMeeting.BookMeetingHandler meetings,
    Tasks.TaskHandler tasks,
    Retention.LegalHoldHandler holds,
    SiteBans.SiteBanHandler siteBans,
    ILogger<CaseActionDispatcher> logger)
{
    /// <summary>9999-12-31T23:59:59Z, the last second <see cref="DateTimeOffset.FromUnixTimeSeconds"/> accepts.</summary>
    private const long MaxUnixSeconds = 253402300799;

    public async Task<CaseResult> RunAsync(StaffMember who, CaseCommand command, CaseOrigin origin, string? name, string? cardActivityId, string surface, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(command);
        var concern = await db.Concerns.Include(c => c.Actions).Include(c => c.People).Include(c => c.Meetings).Include(c => c.Tasks).Include(c => c.SiteBan).ThenInclude(b => b!.Steps).AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == command.CaseId, ct);
        if (concern is null)
        {
            // The same words whether the case never existed or is hidden from this person.
            return who.IsStaff ? new CaseResult.Refused(CaseAccess.CannotSeeMessage) : new CaseResult.Refused(CaseAccess.Check(who, SchoolOperation.UseApp).Message);
        }

        var facts = concern.ToFacts(roles.Value.HeadmistressIds());
        var view = CaseAccess.Check(who, facts, CaseOperation.View);
        if (!view.Allowed)
        {
            Log.Action(logger, concern.Id, command.GetType().Name, concern.Version, view.Refusal);
            await changes.RecordViewAsync(who.UserId, null, AuditActions.AccessRefused, concern.Id, surface, ct);
            return new CaseResult.Refused(view.Message);
        }

        var at = clock.GetUtcNow();
        if (command is RefreshCase)
        {
            // Debug, not Information: Teams refreshes every copy of a card whenever someone opens it, and the view is in
            // the case's trail already; refusals, changes and failures are logged at Information.
            Log.Refreshed(logger, concern.Id, concern.Version);
            return new CaseResult.Answered(concern.Id, await refresh.RefreshAsync(new CaseStep(who, view.Role!.Value, concern, facts, at, name, cardActivityId, origin), ct));
        }

        // An out-of-date card is answered with the case as it is now, before anything else: that is the useful answer
        // to a second delivery of the same click, or to a button pressed after someone else acted.
        // A time no card of ours carries (before 1970, past the year 9999) is a forged or mangled card: refused, not skipped.
        if (command.IssuedAt is { } impossible && (impossible <= 0 || impossible > MaxUnixSeconds))
        {
            return new CaseResult.Answered(concern.Id, CaseOutcome.Problem("That card's date can't be right, so nothing was done. This is the case as it is now."));
        }

        if (command.IssuedAt is { } issued && at - DateTimeOffset.FromUnixTimeSeconds(issued) > options.Value.CardMaxAge)
        {
            return new CaseResult.Answered(concern.Id, CaseOutcome.Problem(
                $"That card was more than {options.Value.CardMaxAge.TotalDays.ToString("0", CultureInfo.InvariantCulture)} days old, so nothing was done. This is the case as it is now."));
        }

        if (command.Version != concern.Version)
        {
            return new CaseResult.Answered(concern.Id, CaseOutcome.Problem(CaseNotes.Stale(concern)));
        }

        var decision = CaseAccess.Check(who, facts, command.Operation);
        Log.Action(logger, concern.Id, command.GetType().Name, concern.Version, decision.Refusal);
        if (!decision.Allowed)
        {
            return new CaseResult.Answered(concern.Id, CaseOutcome.Problem(decision.Message));
        }

        // Checked after the rule, so the answer to someone who may not act says only that.
        if (command.TooLong() is { } tooLong)
        {
            return new CaseResult.Answered(concern.Id, CaseOutcome.Problem(tooLong));
        }

        var step = new CaseStep(who, decision.Role!.Value, concern, facts, at, name, cardActivityId, origin);
        try
        {
            var outcome = command switch
            {
                StartReview => await propose.StartReviewAsync(step, ct),
                FillLetter fill => await propose.FillLetterAsync(step, fill.Form, ct),
                Propose p => await propose.ProposeAsync(step, p.Form, ct),
                Withdraw w => await withdraw.WithdrawAsync(step, w, ct),
                Decide d => await decide.DecideAsync(step, d, ct),
                CompleteAction done => await carryOut.CompleteAsync(step, done, ct),
                RetryLetter retry => await carryOut.RetryLetterAsync(step, retry, ct),
                BookMeeting book => await meetings.BookAsync(step, book, ct),
                RescheduleMeeting move => await meetings.RescheduleAsync(step, move, ct),
                CancelMeeting cancel => await meetings.CancelAsync(step, cancel, ct),
                AddTask add => await tasks.AddAsync(step, add, ct),
                CompleteTask done => await tasks.CompleteAsync(step, done, ct),
                ReviewSiteBan review => await siteBans.ReviewAsync(step, review.Confirm, review.Reasons, review.ReviewOn, review.Until, ct),
                RetrySiteBanLetter retry => await siteBans.RetryLetterAsync(step, retry.StepId, ct),
                RecordSafeguarding record => await safeguarding.RecordAsync(step, record, ct),
                ChangeLegalHold hold => await holds.FromCardAsync(step, hold, ct),
                _ => CaseOutcome.Problem("This button isn't one I know, so nothing was done."),
            };
            return new CaseResult.Answered(concern.Id, outcome);
        }
        catch (WorkflowException e)
        {
            db.ChangeTracker.Clear();
            return new CaseResult.Answered(concern.Id, CaseOutcome.Problem(e.Message + " Nothing has changed."));
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else (or the same click delivered twice) changed the case first: exactly one change is kept.
            Log.Conflict(logger, concern.Id, command.GetType().Name);
            db.ChangeTracker.Clear();
            var current = await db.Concerns.AsNoTracking().SingleAsync(c => c.Id == concern.Id, ct);
            return new CaseResult.Answered(concern.Id, CaseOutcome.Problem(CaseNotes.Stale(current)));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Case {CaseId}: {Command} at version {Version} ({Refusal})")]
        public static partial void Action(ILogger logger, int caseId, string command, int version, Refusal refusal);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Case {CaseId}: RefreshCase at version {Version}")]
        public static partial void Refreshed(ILogger logger, int caseId, int version);

        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Case {CaseId}: {Command} lost a concurrent update; answered with the current card")]
        public static partial void Conflict(ILogger logger, int caseId, string command);
    }
}

/// <summary>Plain words about a case's state for someone whose button is out of date.</summary>
public static class CaseNotes
{
    public static string Stale(Concern c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var decided = c.DecidedAt is { } at && c.State is CaseState.Approved or CaseState.Rejected or CaseState.ChangesRequested or CaseState.ActionsInProgress or CaseState.Closed
            ? $" {ConcernCard.StateLine(c)} on {SchoolTime.DateAndTime(at)}."
            : $" It is now: {ConcernCard.StateLine(c)}.";
        return "This case changed after your card was shown, so nothing was done." + decided;
    }
}
