using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.EditLetterTemplates;

/// <summary>
/// The Letters page's API (/tab/letters): SLT read every template and its versions, preview an edit filled from a
/// sample case, and save it as the next version. Every request goes through the access rule
/// (<see cref="SchoolOperation.EditLetterTemplates"/>); every saved version is audited. A version is never changed.
/// </summary>
public static class LetterTemplateEndpoints
{
    public sealed record TemplateSummary(string Key, string Title, string ResponseId, int Version, string Subject, string? EditedBy, DateTimeOffset EditedAt);

    public sealed record VersionView(int Version, string Subject, string Body, string? By, DateTimeOffset At);

    public sealed record TemplateView(string Key, string Title, string ResponseId, IReadOnlyList<string> Placeholders, IReadOnlyList<string> SubjectPlaceholders, IReadOnlyList<VersionView> Versions);

    public sealed record EditRequest(int? BasedOnVersion, string? Subject, string? Body);

    public sealed record Preview(string Subject, string Body, string Sample);

    public const string SampleDescription = "Filled in from a sample case: Sam Sample, Year 4, signed by the Headmistress.";

    public static void MapLetterTemplates(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/letters", ListAsync);
        api.MapGet("/letters/{key}", GetAsync);
        api.MapPost("/letters/{key}/preview", PreviewAsync).DisableAntiforgery();
        api.MapPost("/letters/{key}", SaveAsync).DisableAntiforgery();
    }

    internal static async Task<Results<Ok<List<TemplateSummary>>, ProblemHttpResult>> ListAsync(CurrentStaff me, AppDbContext db, LetterTemplateLibrary library, CancellationToken ct)
    {
        if (Refused(me) is { } refused)
        {
            return refused;
        }

        var latest = await db.LetterTemplateVersions.AsNoTracking()
            .Where(v => v.Version == db.LetterTemplateVersions.Where(w => w.Key == v.Key).Max(w => w.Version))
            .ToDictionaryAsync(v => v.Key, StringComparer.Ordinal, ct);
        return TypedResults.Ok(library.Shipped.All
            .Where(t => latest.ContainsKey(t.Id))
            .Select(t => Summary(t, latest[t.Id]))
            .ToList());
    }

    internal static async Task<Results<Ok<TemplateView>, NotFound, ProblemHttpResult>> GetAsync(string key, CurrentStaff me, AppDbContext db, LetterTemplateLibrary library, CancellationToken ct)
    {
        if (Refused(me) is { } refused)
        {
            return refused;
        }

        if (library.Shipped.Find(key) is not { } template)
        {
            return TypedResults.NotFound();
        }

        var versions = await db.LetterTemplateVersions.AsNoTracking().Where(v => v.Key == key).OrderByDescending(v => v.Version)
            .Select(v => new VersionView(v.Version, v.Subject, v.Body, v.ByName, v.At)).ToListAsync(ct);
        return TypedResults.Ok(new TemplateView(template.Id, template.Title, template.ResponseId, LetterTemplates.PlaceholdersFor(template), LetterTemplates.SubjectPlaceholders, versions));
    }

    internal static Results<Ok<Preview>, NotFound, ProblemHttpResult> PreviewAsync(string key, EditRequest request, CurrentStaff me, LetterTemplateLibrary library, PolicyCatalogue catalogue)
    {
        if (Refused(me) is { } refused)
        {
            return refused;
        }

        if (library.Shipped.Find(key) is not { } template)
        {
            return TypedResults.NotFound();
        }

        if (Problem(request, LetterTemplates.PlaceholdersFor(template)) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: problem);
        }

        var edited = template with { Subject = request.Subject!.Trim(), Text = ProposeHandler.Normalise(request.Body)! };
        var sample = SampleCase();
        return TypedResults.Ok(new Preview(
            LetterTemplates.SubjectFor(edited, sample),
            LetterTemplates.Sign(LetterTemplates.Fill(edited, sample, catalogue, SampleModerator), sample),
            SampleDescription));
    }

    internal static async Task<Results<Created<VersionView>, NotFound, ProblemHttpResult>> SaveAsync(
        string key, EditRequest request, CurrentStaff me, AppDbContext db, LetterTemplateLibrary library, TimeProvider clock, CancellationToken ct)
    {
        var access = CaseAccess.Check(me.Member, SchoolOperation.EditLetterTemplates);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        if (library.Shipped.Find(key) is not { } template)
        {
            return TypedResults.NotFound();
        }

        if (Problem(request, LetterTemplates.PlaceholdersFor(template)) is { } problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: problem);
        }

        var latest = await db.LetterTemplateVersions.Where(v => v.Key == key).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        if (request.BasedOnVersion != latest)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Conflict(latest));
        }

        var subject = request.Subject!.Trim();
        var body = ProposeHandler.Normalise(request.Body)!;
        if (latest > 0 && await db.LetterTemplateVersions.AnyAsync(v => v.Key == key && v.Version == latest && v.Subject == subject && v.Body == body, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Nothing is different from the current version, so nothing has been saved.");
        }

        var now = clock.GetUtcNow();
        var version = new LetterTemplateVersion { Key = template.Id, Version = latest + 1, Subject = subject, Body = body, ByUserId = me.UserId, ByName = me.Name, At = now };
        db.LetterTemplateVersions.Add(version);
        AuditLog.Record(db, me.UserId, access.Role!.Value.ToString(), AuditActions.LetterTemplateEdited, AuditSubjects.LetterTemplate(template.Id), now,
            JsonSerializer.Serialize(new { version = version.Version, basedOn = latest }));
        try
        {
            // The new version and its audit entry in one save.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone saved the same next version a moment before (the unique index): theirs stands, and nothing of this one is kept.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: Conflict(latest + 1));
        }

        library.Forget();
        return TypedResults.Created($"/api/tab/letters/{Uri.EscapeDataString(template.Id)}", new VersionView(version.Version, version.Subject, version.Body, version.ByName, version.At));
    }

    /// <summary>What is wrong with an edit, in plain words, or null: nothing is saved (or previewed) while there is a problem.</summary>
    public static string? Problem(EditRequest? request, IReadOnlyList<string> placeholders)
    {
        var subject = request?.Subject?.Trim();
        var body = ProposeHandler.Normalise(request?.Body);
        if (string.IsNullOrEmpty(subject))
        {
            return "Write the letter's subject. Nothing has been saved.";
        }

        if (subject.Length > LetterTemplateModel.SubjectMaxLength)
        {
            return $"The subject is too long: at most {LetterTemplateModel.SubjectMaxLength} characters. Nothing has been saved.";
        }

        if (body is null)
        {
            return "Write the letter. Nothing has been saved.";
        }

        if (body.Length > LetterTemplateModel.BodyMaxLength)
        {
            return $"The letter is too long: at most {LetterTemplateModel.BodyMaxLength:N0} characters. Nothing has been saved.";
        }

        var unknown = LetterTemplates.UnknownPlaceholders(body, placeholders)
            .Concat(LetterTemplates.UnknownPlaceholders(subject, LetterTemplates.SubjectPlaceholders)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            return $"The app can't fill in {string.Join(", ", unknown)}. In the letter use only {string.Join(", ", placeholders)}; " +
                $"in the subject only {string.Join(", ", LetterTemplates.SubjectPlaceholders)}. Nothing has been saved.";
        }

        if (!body.Contains(LetterTemplates.SignaturePlaceholder, StringComparison.Ordinal))
        {
            return $"The letter must keep {LetterTemplates.SignaturePlaceholder}, where the name and title of whoever decided are signed. Nothing has been saved.";
        }

        return null;
    }

    private static TemplateSummary Summary(LetterTemplate t, LetterTemplateVersion v) => new(t.Id, t.Title, t.ResponseId, v.Version, v.Subject, v.ByName, v.At);

    private static string Conflict(int latest) =>
        $"Someone saved version {latest} of this letter while you were editing it. Nothing of yours has been saved: open the letter again, and make your change to the new version.";

    private static ProblemHttpResult? Refused(CurrentStaff me) =>
        CaseAccess.Check(me.Member, SchoolOperation.EditLetterTemplates) is { Allowed: false } refused
            ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: refused.Message)
            : null;

    /// <summary>A made-up case for the preview, so no real parent's details appear on the page.</summary>
    public static Concern SampleCase() => new()
    {
        Group = "Year 4",
        PostedBy = "Sam Sample",
        PostedByKey = "sam sample",
        LoggedByUserId = "sample",
        LoggedAt = new DateTimeOffset(2026, 6, 15, 8, 30, 0, TimeSpan.Zero),
        ConductIdsJson = "[\"grievances-about-people\"]",
        DecidedByName = "[the Headmistress's name]",
        DecidedByRole = StaffRole.Headmistress,
    };

    private static readonly Moderator SampleModerator = new() { Group = "Year 4", ParentName = "Robin Example" };
}
