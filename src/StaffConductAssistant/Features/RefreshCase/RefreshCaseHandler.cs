using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;

namespace StaffConductAssistant.Features.RefreshCase;

/// <summary>
/// A card refreshed or opened (Universal Actions' refresh, teams-protocol.md §6): nothing changes, but who looked is
/// part of the trail. The dispatcher then answers with the card the access rule allows this person.
/// </summary>
public sealed class RefreshCaseHandler(CaseChanges changes)
{
    public async Task<CaseOutcome> RefreshAsync(CaseStep x, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        await changes.RecordViewAsync(x.UserId, x.Role, AuditActions.Viewed, x.Concern.Id, AuditSurfaces.Card, ct);
        return CaseOutcome.Done(null);
    }
}
