using System.Text.Json;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.CarryOutAction;

/// <summary>Approved actions carried out: one tracked action per approved response; SLT mark each done; a failed letter is sent again.</summary>
public sealed class CarryOutHandler(AppDbContext db, CaseChanges changes, LetterTemplates letters)
{
    public const string LetterKind = "letter.send";

    public async Task<CaseOutcome> CompleteAsync(CaseStep x, CompleteAction command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        var tracked = c.Actions.FirstOrDefault(a => a.Id == command.ActionId);
        if (tracked is null || tracked.Status is not (ActionStatus.Pending or ActionStatus.Failed))
        {
            return CaseOutcome.Problem("That action is not waiting to be done, so nothing has changed.");
        }

        tracked.Status = ActionStatus.Done;
        tracked.CompletedAt = x.At;
        tracked.CompletedByUserId = x.UserId;
        tracked.Detail = $"marked done by {x.Name ?? "SLT"} on {SchoolTime.DateAndTime(x.At)}";
        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.ActionDone, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { actionId = tracked.Id, responseId = tracked.ResponseId }));
        var closed = ConcernActions.AllDone(c);
        if (closed)
        {
            changes.Step(x, CaseAction.Close, null, x.At.AddMilliseconds(1));
        }

        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done(closed ? "Done. Every approved action is done, so the case is closed." : "Marked done.");
    }

    /// <summary>The same approved text is sent again after Graph failed to send it.</summary>
    public async Task<CaseOutcome> RetryLetterAsync(CaseStep x, RetryLetter command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        var tracked = c.Actions.FirstOrDefault(a => a.Id == command.ActionId);
        if (tracked is null || tracked.Status != ActionStatus.Failed || c.DecidedProposalVersion is not { } decided)
        {
            return CaseOutcome.Problem("That letter is not waiting to be sent again, so nothing has changed.");
        }

        tracked.Status = ActionStatus.Pending;
        tracked.Detail = "sending the approved letter again";
        AuditLog.Record(db, x.UserId, x.Role.ToString(), AuditActions.LetterRetried, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { actionId = tracked.Id }));
        Outbox.Enqueue(db, LetterKind, new SendLetter(c.Id, tracked.ResponseId, decided, Retry: true), x.At);
        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done("Sending the letter again. This card will show whether it went.");
    }

    /// <summary>One tracked action per approved response; the letter goes by email after the answer (outbox).</summary>
    public void AddApprovedActions(Concern c, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(c);
        var template = letters.Find(c.LetterTemplateId);
        var responses = ConcernLists.Read(c.ProposedResponseIdsJson).ToList();
        if (template is not null && c.LetterText is not null && !responses.Contains(template.ResponseId))
        {
            responses.Add(template.ResponseId);
        }

        foreach (var response in responses)
        {
            // The invitation to meet is not emailed on its own: it is the body of the meeting's invitation once
            // SLT book the date, time and place (the calendar event, or the .ics).
            var isLetter = template is not null && c.LetterText is not null && response == template.ResponseId && response != ResponseIds.Meeting;
            c.Actions.Add(new ConcernAction
            {
                ResponseId = response,
                Status = ActionStatus.Pending,
                Detail = isLetter ? "sending the approved letter"
                    : response == ResponseIds.Meeting ? (template?.ResponseId == ResponseIds.Meeting ? "book the meeting: the approved invitation letter goes with it" : "book the meeting")
                    : null,
                CreatedAt = at,
            });
            if (isLetter)
            {
                Outbox.Enqueue(db, LetterKind, new SendLetter(c.Id, response, c.ProposalVersion), at);
            }
        }
    }
}

/// <param name="Retry">Asked for again after a failure: Sent Items are searched for the letter's marker before sending.</param>
public sealed record SendLetter(int CaseId, string ResponseId, int ProposalVersion, bool Retry = false);
