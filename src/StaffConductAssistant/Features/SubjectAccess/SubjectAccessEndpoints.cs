using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.ParentRecord;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Subjects;

namespace StaffConductAssistant.Features.SubjectAccess;

/// <summary>
/// A parent's subject access request, for SLT: a preview of what the ZIP holds and hides, then the ZIP itself, with
/// any names or files SLT chose to show, each with a reason. The export and every un-redaction are in the trail; the
/// trail names the hidden item by its key and kind only, never the third party's name (the trail cannot be erased).
/// </summary>
public static class SubjectAccessEndpoints
{
    public static void MapSubjectAccess(this RouteGroupBuilder api)
    {
        api.MapPost("/parents/{id:int}/subject-access/preview", PreviewAsync).DisableAntiforgery();
        api.MapPost("/parents/{id:int}/subject-access", ExportAsync).DisableAntiforgery();
    }

    public sealed record RedactionView(string Key, string Label, string Category, string Placeholder, int Count);

    public sealed record Preview(IReadOnlyList<string> Items, IReadOnlyList<RedactionView> Redactions);

    public sealed record Unredaction(string? Key, string? Reason);

    public sealed record ExportRequest(IReadOnlyList<Unredaction>? Unredact);

    internal static async Task<Results<Ok<Preview>, NotFound, ProblemHttpResult>> PreviewAsync(
        int id, CurrentStaff me, AppDbContext db, SubjectAccessExport export, IOptions<RolesOptions> roles, CancellationToken ct)
    {
        if (await RefusedAsync(id, me, db, roles, ct) is { } refused)
        {
            return refused;
        }

        var plan = await export.PlanAsync(id, ct);
        if (plan is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(ToPreview(plan));
    }

    internal static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> ExportAsync(
        int id, ExportRequest request, CurrentStaff me, AppDbContext db, SubjectAccessExport export, IOptions<RolesOptions> roles, TimeProvider clock, CancellationToken ct)
    {
        if (await RefusedAsync(id, me, db, roles, ct) is { } refused)
        {
            return refused;
        }

        var plan = await export.PlanAsync(id, ct);
        if (plan is null)
        {
            return TypedResults.NotFound();
        }

        var known = Known(plan);
        var asked = request.Unredact ?? [];
        if (!Valid(asked, known))
        {
            return BadUnredaction();
        }

        var now = clock.GetUtcNow();
        var shown = asked.Select(u => u.Key!).ToHashSet(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        await export.WriteAsync(id, buffer, shown, now, ct);

        var role = CaseAccess.BestRole(me.Member.Roles).ToString();
        foreach (var u in asked)
        {
            ParentAudit.Record(db, me.UserId, role, ParentAudit.Unredacted, id, now, reason: ParentEndpoints.Reason(u.Reason), details: new { key = u.Key, kind = known[u.Key!] });
        }

        ParentAudit.Record(db, me.UserId, role, ParentAudit.SubjectAccessExported, id, now,
            details: new { items = plan.Items.Count, hidden = plan.Redactions.Count(r => !shown.Contains(r.Key)), withheld = plan.Withheld.Count(w => !shown.Contains(w.Key)), shown = shown.Count });
        await db.SaveChangesAsync(ct);
        return TypedResults.File(buffer.ToArray(), "application/zip",
            string.Create(CultureInfo.InvariantCulture, $"subject-access-parent-{id}-{SchoolTime.Today(now):yyyy-MM-dd}.zip"));
    }

    /// <summary>Each item the preview listed, by key, with the kind of item it is (what the trail records, never the name).</summary>
    internal static Dictionary<string, string> Known(SubjectAccessPlan plan)
    {
        var known = plan.Redactions.ToDictionary(r => r.Key, r => Redactor.Describe(r.Category), StringComparer.Ordinal);
        foreach (var file in plan.Withheld)
        {
            known[file.Key] = "a withheld file";
        }

        return known;
    }

    /// <summary>Every item to show is one the preview listed, each with a reason.</summary>
    internal static bool Valid(IReadOnlyList<Unredaction> asked, IReadOnlyDictionary<string, string> known) =>
        asked.All(u => u is not null && u.Key is not null && known.ContainsKey(u.Key) && ParentEndpoints.Reason(u.Reason) is not null);

    internal static ProblemHttpResult BadUnredaction() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Each item you show needs a reason (at most 2,000 characters), and must be one the preview listed. Nothing has been downloaded.");

    internal static Preview ToPreview(SubjectAccessPlan plan) => new(
        [.. plan.Items.Select(i => i.Description)],
        [.. plan.Redactions.Select(r => new RedactionView(r.Key, r.Label, Redactor.Describe(r.Category), r.Placeholder, r.Count)),
            .. plan.Withheld.Select(w => new RedactionView(w.Key, $"{w.FileName} (concern {w.ConcernId})", "a withheld file: " + w.Why, "withheld", 1))]);

    /// <summary>SLT only, and only one who may see every concern about the parent (the access rule's record-wide check).</summary>
    private static async Task<ProblemHttpResult?> RefusedAsync(int id, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, CancellationToken ct)
    {
        var facts = await ParentEndpoints.FactsAsync(db, id, roles.Value.HeadmistressIds(), ct);
        var access = CaseAccess.Check(me.Member, facts, SchoolOperation.ExportSubjectAccess);
        return access.Allowed ? null : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
    }
}
