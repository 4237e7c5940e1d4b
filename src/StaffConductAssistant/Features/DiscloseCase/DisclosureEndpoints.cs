using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.ParentRecord;
using StaffConductAssistant.Features.SubjectAccess;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.DiscloseCase;

/// <summary>
/// SLT share one case beyond SLT (a moderator, the authorities, a legal adviser; issue 11 item 5): the subject access
/// preview and redaction over that case alone, then the ZIP. What was shared, with whom, by whom, when and which items
/// were shown (with the reason) is a <see cref="Disclosure"/>, listed on the case page; the trail records its id and the
/// kind of recipient, never a name. Every request goes through the access rule (<see cref="CaseOperation.Disclose"/>).
/// </summary>
public static class DisclosureEndpoints
{
    public sealed record DiscloseRequest(string? RecipientName, string? RecipientKind, string? Purpose, IReadOnlyList<SubjectAccessEndpoints.Unredaction>? Unredact);

    public sealed record DisclosureView(int Id, string RecipientName, string RecipientKind, string RecipientLabel, string Purpose, string By, DateTimeOffset At, int Items, int Hidden, IReadOnlyList<DisclosedItem> Unredacted);

    public sealed record DisclosuresView(bool CanDisclose, IReadOnlyList<DisclosureView> Disclosures);

    public const string BadRequestMessage =
        "Say who it is for (their name, at most 200 characters, and whether a moderator, the authorities or a legal adviser) and why (at most 2,000 characters). Nothing has been shared.";

    public static void MapDisclosures(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/concerns/{id:int}/disclosures", ListAsync);
        api.MapPost("/concerns/{id:int}/disclosures/preview", PreviewAsync).DisableAntiforgery();
        api.MapPost("/concerns/{id:int}/disclosures", DiscloseAsync).DisableAntiforgery();
    }

    /// <summary>The words a member of staff reads for each kind of recipient.</summary>
    public static string Label(RecipientKind kind) => kind switch
    {
        RecipientKind.Moderator => "the group's moderator",
        RecipientKind.Authorities => "the authorities",
        _ => "a legal adviser",
    };

    internal static async Task<Results<Ok<DisclosuresView>, NotFound>> ListAsync(int id, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, CancellationToken ct)
    {
        if (await FactsAsync(db, id, roles, ct) is not { } found || !CaseAccess.CanSee(me.Member, found.Facts))
        {
            return TypedResults.NotFound();
        }

        var names = roles.Value.StaffNames;
        var rows = await db.Disclosures.AsNoTracking().Where(d => d.ConcernId == id).OrderByDescending(d => d.At).ThenByDescending(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok(new DisclosuresView(
            CaseAccess.Check(me.Member, found.Facts, CaseOperation.Disclose).Allowed,
            [.. rows.Select(d => new DisclosureView(d.Id, d.RecipientName, d.RecipientKind.ToString(), Label(d.RecipientKind), d.Purpose,
                names.GetValueOrDefault(d.ByUserId) ?? "SLT", d.At, d.Items, d.Hidden, d.Unredacted))]));
    }

    internal static async Task<Results<Ok<SubjectAccessEndpoints.Preview>, NotFound, ProblemHttpResult>> PreviewAsync(
        int id, CurrentStaff me, AppDbContext db, SubjectAccessExport export, IOptions<RolesOptions> roles, CancellationToken ct)
    {
        var (refused, scope) = await CheckAsync(id, me, db, roles, recipient: null, ct);
        if (refused is not null)
        {
            return refused;
        }

        return await export.PlanAsync(scope!, ct) is { } plan ? TypedResults.Ok(SubjectAccessEndpoints.ToPreview(plan)) : TypedResults.NotFound();
    }

    internal static async Task<Results<FileContentHttpResult, NotFound, ProblemHttpResult>> DiscloseAsync(
        int id, DiscloseRequest request, CurrentStaff me, AppDbContext db, SubjectAccessExport export, IOptions<RolesOptions> roles, TimeProvider clock, CancellationToken ct)
    {
        var name = request?.RecipientName?.Trim();
        var purpose = ParentEndpoints.Reason(request?.Purpose);
        // By name only: a number would parse as an enum too.
        var kindKnown = Enum.GetNames<RecipientKind>().Contains(request?.RecipientKind, StringComparer.Ordinal);
        var kind = kindKnown ? Enum.Parse<RecipientKind>(request!.RecipientKind!) : RecipientKind.Authorities;
        var (refused, scope) = await CheckAsync(id, me, db, roles, name is null ? null : name + " (" + Label(kind) + ")", ct);
        if (refused is not null)
        {
            return refused;
        }

        if (string.IsNullOrEmpty(name) || name.Length > Disclosure.RecipientMaxLength || !kindKnown || purpose is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: BadRequestMessage);
        }

        if (await export.PlanAsync(scope!, ct) is not { } plan)
        {
            return TypedResults.NotFound();
        }

        var known = SubjectAccessEndpoints.Known(plan);
        var asked = request!.Unredact ?? [];
        if (!SubjectAccessEndpoints.Valid(asked, known))
        {
            return SubjectAccessEndpoints.BadUnredaction();
        }

        var now = clock.GetUtcNow();
        var shown = asked.Select(u => u.Key!).ToHashSet(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        await export.WriteAsync(scope!, buffer, shown, now, ct);

        var disclosure = new Disclosure
        {
            ConcernId = id,
            RecipientName = name,
            RecipientKind = kind,
            Purpose = purpose,
            ByUserId = me.UserId,
            At = now,
            Items = plan.Items.Count,
            Hidden = plan.Redactions.Count(r => !shown.Contains(r.Key)) + plan.Withheld.Count(w => !shown.Contains(w.Key)),
            UnredactedJson = JsonSerializer.Serialize(asked.Select(u => new DisclosedItem(u.Key!, known[u.Key!], ParentEndpoints.Reason(u.Reason)!)), JsonSerializerOptions.Web),
        };

        // One save: the disclosure and its trail entry (ids and kinds only: the trail can never be erased).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Disclosures.Add(disclosure);
        await db.SaveChangesAsync(ct);
        var entry = AuditLog.Record(db, me.UserId, StaffRole.Slt.ToString(), ParentAudit.Disclosed, AuditSubjects.Case(id), now,
            JsonSerializer.Serialize(new { surface = AuditSurfaces.CasePage, disclosureId = disclosure.Id, recipientKind = kind.ToString(), shown = shown.Count, hidden = disclosure.Hidden }));
        entry.Reason = purpose;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.File(buffer.ToArray(), "application/zip",
            string.Create(CultureInfo.InvariantCulture, $"concern-{id}-shared-{now:yyyy-MM-dd}.zip"));
    }

    /// <summary>Through the access rule: nothing of a case the person may not see (404), a refusal for anyone else not allowed (403).</summary>
    private static async Task<(ProblemHttpResult? Refused, ExportScope? Scope)> CheckAsync(
        int id, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, string? recipient, CancellationToken ct)
    {
        if (await FactsAsync(db, id, roles, ct) is not { } found || !CaseAccess.CanSee(me.Member, found.Facts))
        {
            return (TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: CaseAccess.CannotSeeMessage), null);
        }

        var access = CaseAccess.Check(me.Member, found.Facts, CaseOperation.Disclose);
        if (!access.Allowed)
        {
            return (TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message), null);
        }

        if (found.ParentId is not { } parentId)
        {
            return (TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "This concern is not linked to a parent record yet, so it can't be prepared for sharing. Nothing has been shared."), null);
        }

        return (null, new ExportScope(parentId, id, recipient));
    }

    private static async Task<(CaseFacts Facts, int? ParentId)?> FactsAsync(AppDbContext db, int id, IOptions<RolesOptions> roles, CancellationToken ct)
    {
        var c = await db.Concerns.AsNoTracking().Include(x => x.People).SingleOrDefaultAsync(x => x.Id == id, ct);
        return c is null ? null : (c.ToFacts(roles.Value.HeadmistressIds()), c.ParentId);
    }
}
