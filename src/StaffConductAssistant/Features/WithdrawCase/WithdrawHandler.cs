using StaffConductAssistant.Cases;
using StaffConductAssistant.Features.CaseActions;

namespace StaffConductAssistant.Features.WithdrawCase;

/// <summary>SLT withdraw a case, with a reason: no response will be made.</summary>
public sealed class WithdrawHandler(CaseChanges changes)
{
    public async Task<CaseOutcome> WithdrawAsync(CaseStep x, Withdraw command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(command);
        if (command.Reason is null)
        {
            return CaseOutcome.Problem("To withdraw the case, write why in the reason box, then press \"Withdraw the case\" again.", command.Form);
        }

        changes.Step(x, CaseAction.Withdraw, command.Reason);
        await changes.SaveAsync(x.Concern, ct);
        return CaseOutcome.Done("The case is withdrawn.");
    }
}
