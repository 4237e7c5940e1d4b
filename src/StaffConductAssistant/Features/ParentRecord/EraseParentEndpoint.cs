using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.ConcernsTab;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Subjects;

namespace StaffConductAssistant.Features.ParentRecord;

/// <summary>
/// Erasure (issue 11, UK GDPR Art 17) where the law allows: SLT anonymise a parent, with the reason recorded. The
/// record keeps only its id; every concern about them loses the name (as typed and in its texts) and its original
/// email and files, which name them. Refused while any concern about them is open, or on legal hold.
/// </summary>
public static class EraseParentEndpoint
{
    public sealed record EraseRequest(string? Reason);

    public static void MapEraseParent(this RouteGroupBuilder api) =>
        api.MapPost("/parents/{id:int}/erase", EraseAsync).DisableAntiforgery();

    internal static async Task<Results<Ok<ParentEndpoints.Done>, NotFound, ProblemHttpResult>> EraseAsync(
        int id, EraseRequest request, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, TimeProvider clock, CancellationToken ct)
    {
        var parent = await db.Parents.SingleOrDefaultAsync(p => p.Id == id && p.MergedIntoId == null, ct);
        if (parent is null)
        {
            return TypedResults.NotFound();
        }

        var access = CaseAccess.Check(me.Member, await ParentEndpoints.FactsAsync(db, id, roles.Value.HeadmistressIds(), ct), SchoolOperation.EraseParent);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        if (ParentEndpoints.Reason(request.Reason) is not { } reason)
        {
            return ParentEndpoints.BadReason();
        }

        if (parent.ErasedAt is not null)
        {
            return TypedResults.Ok(new ParentEndpoints.Done("This parent was erased already. Nothing has changed.", id));
        }

        var concerns = await db.Concerns.Where(c => c.ParentId == id).ToListAsync(ct);
        var ids = concerns.Select(c => c.Id).ToList();
        // A hold stands until it is released (the retention job reads holds the same way).
        var held = await db.LegalHolds.Where(h => ids.Contains(h.ConcernId) && h.ReleasedAt == null).Select(h => h.ConcernId).ToListAsync(ct);
        if (concerns.FirstOrDefault(c => ConcernEndpoints.IsOpen(c.State) || held.Contains(c.Id)) is { } blocking)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: $"Concern {blocking.Id} about this parent is {(held.Contains(blocking.Id) ? "on legal hold" : "still open")}, so the parent can't be erased yet. Nothing has changed.");
        }

        var now = clock.GetUtcNow();
        var placeholder = "Erased parent " + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var names = parent.OtherNames.Prepend(parent.Name).Concat(concerns.Select(c => c.PostedBy)).Select(n => new RedactionTerm(n, RedactionCategory.OtherParent)).ToList();
        var redactor = new Redactor(names, [], []);
        string? Strip(string? text) => text is null ? null : redactor.Redact(text).Replace("[another parent 1]", "[the erased parent]", StringComparison.Ordinal);
        foreach (var c in concerns)
        {
            c.PostedBy = placeholder;
            c.PostedByKey = ParentNames.Key(placeholder);
            c.Quote = Strip(c.Quote);
            c.Notes = Strip(c.Notes);
            c.ProposalReason = Strip(c.ProposalReason);
            c.LetterText = Strip(c.LetterText);
            c.DecisionComment = Strip(c.DecisionComment);
            c.Version++;
            c.UpdatedAt = now;
        }

        // A site ban's steps hold the parent's own words (their representations) and the letters to them.
        foreach (var step in await db.SiteBanSteps.Where(s => db.SiteBans.Any(b => b.Id == s.SiteBanId && ids.Contains(b.ConcernId))).ToListAsync(ct))
        {
            step.Text = step.Action == Cases.SiteBanAction.RecordRepresentation ? null : Strip(step.Text);
            step.LetterText = Strip(step.LetterText);
        }

        var files = await db.Evidence.Where(e => ids.Contains(e.ConcernId)).ExecuteDeleteAsync(ct);
        parent.Name = placeholder;
        parent.NameKey = ParentNames.Key(placeholder);
        parent.SurnameKey = string.Empty;
        parent.OtherNamesJson = "[]";
        parent.Email = null;
        parent.ChildrenClassesJson = "[]";
        parent.ErasedAt = now;
        parent.UpdatedAt = now;
        parent.Version++;

        // The erasure log holds who, when and why, never what was erased (ICO, "Logging").
        ParentAudit.Record(db, me.UserId, access.Role!.Value.ToString(), ParentAudit.Anonymised, id, now, reason: reason, details: new { concerns = ids, files });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ParentEndpoints.Done($"Erased: {ids.Count} concern(s) no longer name the parent, and {files} file(s) were deleted.", id));
    }
}
