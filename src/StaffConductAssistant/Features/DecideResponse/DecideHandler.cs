using System.Text.Json;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.ProposeResponse;

namespace StaffConductAssistant.Features.DecideResponse;

/// <summary>
/// The Headmistress (or acting Headmistress) approves, rejects or asks for changes, bound to the exact proposal version
/// her card showed. Approval starts the approved actions in the same click.
/// </summary>
public sealed class DecideHandler(AppDbContext db, CaseChanges changes, CarryOutHandler carryOut, SiteBans.SiteBanHandler siteBans, Hosting.AppTelemetry telemetry)
{
    public async Task<CaseOutcome> DecideAsync(CaseStep x, Decide command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        var c = x.Concern;
        if (command.ProposalVersion != c.ProposalVersion)
        {
            return CaseOutcome.Problem(CaseNotes.Stale(c));
        }

        var action = command.Decision switch
        {
            CaseOperation.Approve => CaseAction.Approve,
            CaseOperation.Reject => CaseAction.Reject,
            _ => CaseAction.RequestChanges,
        };
        if (action != CaseAction.Approve && command.Comment is null)
        {
            var need = action == CaseAction.Reject ? "To reject, say why in the comment box." : "To ask for changes, say what should change in the comment box.";
            return CaseOutcome.Problem(need + " Nothing has been recorded yet.");
        }

        // Only an appointment in force now counts; a later one beside it must not decide (nor fail) today's decision.
        var appointment = x.Role == StaffRole.ActingHeadmistress ? await changes.AppointmentInForceAsync(x.UserId, x.At, ct) : null;

        string? details = null;
        var edited = ProposeHandler.Normalise(command.LetterText);
        if (action == CaseAction.Approve && c.LetterText is not null && edited is not null && edited != c.LetterText)
        {
            // She approved her own wording: that wording becomes a new proposal version, and the decision binds to it.
            details = JsonSerializer.Serialize(new { letterEdited = true, previousSha256 = c.ProposalSha256 });
            c.LetterText = edited;
            c.ProposalVersion++;
            c.ProposalSha256 = ProposeHandler.ProposalHash(c);
        }

        var transition = CaseWorkflow.Apply(c.State, action, new Actor(x.UserId, x.Role), command.Comment, x.At, appointment);
        AuditLog.Record(db, transition.Audit, c.Id, x.CardActivityId, details ?? JsonSerializer.Serialize(new { proposalVersion = c.ProposalVersion, proposalSha256 = c.ProposalSha256 }));
        c.State = transition.To;
        c.DecidedProposalVersion = c.ProposalVersion;
        c.DecidedProposalSha256 = c.ProposalSha256;
        c.DecidedByUserId = x.UserId;
        c.DecidedByName = x.Name;
        c.DecidedByRole = x.Role;
        c.DecidedAt = x.At;
        c.DecisionComment = command.Comment;

        if (action == CaseAction.Approve)
        {
            carryOut.AddApprovedActions(c, x.At);

            // A site ban starts provisional: its letter invites representations, and her review is a task.
            await siteBans.OpenIfApprovedAsync(x, ct);
            if (c.Actions.Count > 0)
            {
                // A millisecond later, so the trail reads approve, then start.
                changes.Step(x, CaseAction.StartActions, null, x.At.AddMilliseconds(1));
            }
        }

        await changes.SaveAsync(c, ct);
        await siteBans.ScheduleAsync(x, ct);
        telemetry.Decided(action);
        return CaseOutcome.Done(action switch
        {
            CaseAction.Approve => "Approved. Everyone's copy of this card now shows your decision" + (c.LetterText is null ? "." : ", and the letter is being sent."),
            CaseAction.Reject => "Rejected. SLT and the person who logged it can see your decision.",
            _ => "Sent back to SLT with your comment.",
        });
    }
}
