using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Data;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.ModeratorRoster;

/// <summary>
/// The moderator roster: "It is imperative that the name of the administrator/moderator is notified to the school."
/// Every staff member may read it; SLT add, edit and retire moderators, and every change is audited with before and after.
/// </summary>
public static class RosterEndpoints
{
    public const int MaxNameLength = 120;
    public const int MaxContactLength = 200;

    /// <summary>The largest CSV import accepted (a school roster is a few kilobytes).</summary>
    public const int MaxImportBytes = 256 * 1024;

    public static void MapRoster(this RouteGroupBuilder api)
    {
        api.MapGet("/roster", GetRosterAsync);
        api.MapGet("/roster/changes", GetChangesAsync);
        api.MapGet("/roster.csv", ExportAsync);
        api.MapPost("/roster/moderators", AddAsync);
        api.MapPut("/roster/moderators/{id:int}", EditAsync);
        api.MapPost("/roster/moderators/{id:int}/retire", RetireAsync);
        api.MapPost("/roster/import/preview", PreviewImportAsync);
        api.MapPost("/roster/import", ApplyImportAsync);
    }

    public sealed record ModeratorView(int Id, string Group, string ParentName, string? Contact, DateOnly? NotifiedOn, bool AcknowledgedCodeOfConduct, int Version);

    /// <param name="Status">none (no moderator the school knows of), unacknowledged (one or more has not acknowledged the code), ok.</param>
    public sealed record GroupView(string Name, bool Configured, string Status, IReadOnlyList<ModeratorView> Moderators);

    public sealed record RosterView(bool CanEdit, IReadOnlyList<string> Groups, IReadOnlyList<GroupView> Rows, int GroupsWithoutModerator);

    public sealed record ModeratorInput(string? Group, string? ParentName, string? Contact, DateOnly? NotifiedOn, bool AcknowledgedCodeOfConduct, int? Version);

    public sealed record RetireInput(int Version);

    public sealed record ChangeView(DateTimeOffset At, string ActorId, string ActorRole, string Action, int? ModeratorId, JsonElement? Before, JsonElement? After);

    internal static async Task<Ok<RosterView>> GetRosterAsync(CurrentStaff me, AppDbContext db, IOptions<SchoolOptions> school, CancellationToken ct)
    {
        var active = await db.Moderators.AsNoTracking().Where(m => m.RetiredAt == null).ToListAsync(ct);
        var configured = school.Value.Groups;
        var byGroup = active.ToLookup(m => school.Value.FindGroup(m.Group) ?? m.Group, StringComparer.Ordinal);
        var names = configured.Concat(byGroup.Select(g => g.Key).Where(k => !configured.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal));
        var rows = names.Select((name, index) =>
        {
            var moderators = byGroup[name].OrderBy(m => m.ParentName, StringComparer.OrdinalIgnoreCase).Select(ToView).ToList();
            var status = moderators.Count == 0 ? "none" : moderators.Any(m => !m.AcknowledgedCodeOfConduct) ? "unacknowledged" : "ok";
            return (Row: new GroupView(name, configured.Contains(name, StringComparer.Ordinal), status, moderators), Index: index);
        })
            // Groups with no moderator the school has been told of come first: that is the gap the policy asks SLT to close.
            .OrderBy(r => r.Row.Status == "none" ? 0 : 1)
            .ThenBy(r => r.Index)
            .Select(r => r.Row)
            .ToList();
        return TypedResults.Ok(new RosterView(me.CanEditRoster, configured, rows, rows.Count(r => r.Status == "none")));
    }

    internal static async Task<Results<Ok<ChangeView[]>, ProblemHttpResult>> GetChangesAsync(CurrentStaff me, AppDbContext db, CancellationToken ct)
    {
        if (!me.CanEditRoster)
        {
            return OnlySlt();
        }

        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Subject.StartsWith(AuditSubjects.ModeratorPrefix))
            .ToListAsync(ct);
        return TypedResults.Ok(entries.OrderByDescending(a => a.At).Take(200).Select(ToChange).ToArray());
    }

    internal static async Task<IResult> ExportAsync(AppDbContext db, IOptions<SchoolOptions> school, CancellationToken ct)
    {
        var active = await db.Moderators.AsNoTracking().Where(m => m.RetiredAt == null).ToListAsync(ct);
        var order = school.Value.Groups;
        var csv = new StringBuilder(Csv.Line(ImportColumns.Header));
        foreach (var m in active.OrderBy(m => order.IndexOf(school.Value.FindGroup(m.Group) ?? m.Group) is var i and >= 0 ? i : int.MaxValue)
                     .ThenBy(m => m.ParentName, StringComparer.OrdinalIgnoreCase))
        {
            csv.Append(Csv.Line(
                m.Id.ToString(CultureInfo.InvariantCulture),
                m.Group,
                m.ParentName,
                m.Contact,
                m.NotifiedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                m.AcknowledgedCodeOfConduct ? "Yes" : "No"));
        }

        return Results.File(
            Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(),
            "text/csv; charset=utf-8",
            $"moderator-roster-{DateTime.UtcNow:yyyy-MM-dd}.csv");
    }

    internal static async Task<Results<Created<ModeratorView>, ValidationProblem, ProblemHttpResult>> AddAsync(
        CurrentStaff me, ModeratorInput input, AppDbContext db, IOptions<SchoolOptions> school, TimeProvider clock, CancellationToken ct)
    {
        if (!me.CanEditRoster)
        {
            return OnlySlt();
        }

        var errors = Validate(input, school.Value, clock, out var group);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Please check the moderator's details");
        }

        var now = clock.GetUtcNow();
        var moderator = new Moderator
        {
            Group = group!,
            ParentName = Clean(input.ParentName)!,
            Contact = Clean(input.Contact),
            NotifiedOn = input.NotifiedOn,
            AcknowledgedCodeOfConduct = input.AcknowledgedCodeOfConduct,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Moderators.Add(moderator);

        // The audit entry names the new id, so two saves, in one transaction: both are recorded or neither.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.AuditEntries.Add(Audit(me, now, "roster.add", moderator, before: null, after: ToView(moderator)));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/tab/roster/moderators/{moderator.Id}", ToView(moderator));
    }

    internal static async Task<Results<Ok<ModeratorView>, ValidationProblem, NotFound, Conflict<ProblemPayload>, ProblemHttpResult>> EditAsync(
        int id, CurrentStaff me, ModeratorInput input, AppDbContext db, IOptions<SchoolOptions> school, TimeProvider clock, CancellationToken ct)
    {
        if (!me.CanEditRoster)
        {
            return OnlySlt();
        }

        var moderator = await db.Moderators.SingleOrDefaultAsync(m => m.Id == id && m.RetiredAt == null, ct);
        if (moderator is null)
        {
            return TypedResults.NotFound();
        }

        if (input.Version != moderator.Version)
        {
            return TypedResults.Conflict(ProblemPayload.ChangedMeanwhile);
        }

        var errors = Validate(input, school.Value, clock, out var group);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Please check the moderator's details");
        }

        var before = ToView(moderator);
        moderator.Group = group!;
        moderator.ParentName = Clean(input.ParentName)!;
        moderator.Contact = Clean(input.Contact);
        moderator.NotifiedOn = input.NotifiedOn;
        moderator.AcknowledgedCodeOfConduct = input.AcknowledgedCodeOfConduct;
        return await SaveChangeAsync(me, db, clock, moderator, "roster.edit", before, ct) is { } saved
            ? TypedResults.Ok(saved)
            : TypedResults.Conflict(ProblemPayload.ChangedMeanwhile);
    }

    internal static async Task<Results<Ok<ModeratorView>, NotFound, Conflict<ProblemPayload>, ProblemHttpResult>> RetireAsync(
        int id, CurrentStaff me, RetireInput input, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!me.CanEditRoster)
        {
            return OnlySlt();
        }

        var moderator = await db.Moderators.SingleOrDefaultAsync(m => m.Id == id && m.RetiredAt == null, ct);
        if (moderator is null)
        {
            return TypedResults.NotFound();
        }

        if (input.Version != moderator.Version)
        {
            return TypedResults.Conflict(ProblemPayload.ChangedMeanwhile);
        }

        var before = ToView(moderator);
        moderator.RetiredAt = clock.GetUtcNow();
        return await SaveChangeAsync(me, db, clock, moderator, "roster.retire", before, ct) is { } saved
            ? TypedResults.Ok(saved)
            : TypedResults.Conflict(ProblemPayload.ChangedMeanwhile);
    }

    internal static async Task<Results<Ok<ImportPreview>, ProblemHttpResult>> PreviewImportAsync(
        HttpRequest request, CurrentStaff me, AppDbContext db, IOptions<SchoolOptions> school, TimeProvider clock, CancellationToken ct)
    {
        if (!me.CanEditRoster)
        {
            return OnlySlt();
        }

        var text = await ReadCsvAsync(request, ct);
        if (text is null)
        {
            return TypedResults.Problem(statusCode: 413, title: "The file is too large", detail: "A roster file should be well under 256 KB. Is this the right file?");
        }

        var active = await db.Moderators.AsNoTracking().Where(m => m.RetiredAt == null).ToListAsync(ct);
        return TypedResults.Ok(RosterImport.Preview(text, active, school.Value, clock.GetUtcNow()));
    }

    internal static async Task<Results<Ok<ImportResult>, ProblemHttpResult, Conflict<ProblemPayload>>> ApplyImportAsync(
        HttpRequest request, string? token, CurrentStaff me, AppDbContext db, IOptions<SchoolOptions> school, TimeProvider clock, CancellationToken ct)
    {
        if (!me.CanEditRoster)
        {
            return OnlySlt();
        }

        var text = await ReadCsvAsync(request, ct);
        if (text is null)
        {
            return TypedResults.Problem(statusCode: 413, title: "The file is too large");
        }

        var active = await db.Moderators.Where(m => m.RetiredAt == null).ToListAsync(ct);
        var preview = RosterImport.Preview(text, active, school.Value, clock.GetUtcNow());

        // Apply exactly what was shown: if the file or the roster changed since the preview, show it again.
        if (!string.Equals(preview.Token, token, StringComparison.Ordinal))
        {
            return TypedResults.Conflict(new ProblemPayload(
                "The roster changed since you checked the file",
                "Someone changed the roster, or the file is different. Check the changes again before importing."));
        }

        if (!preview.CanApply)
        {
            return TypedResults.Problem(statusCode: 400, title: "Nothing to import", detail: "The file has no moderator to add or change. Fix the rows marked with a problem, then try again.");
        }

        var now = clock.GetUtcNow();
        var added = new List<Moderator>();
        var audits = new List<(Moderator Moderator, ModeratorView? Before, string Action)>();
        foreach (var change in preview.Changes)
        {
            if (change.Action == "add")
            {
                var moderator = new Moderator
                {
                    Group = change.After!.Group,
                    ParentName = change.After.ParentName,
                    Contact = change.After.Contact,
                    NotifiedOn = change.After.NotifiedOn,
                    AcknowledgedCodeOfConduct = change.After.AcknowledgedCodeOfConduct,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Moderators.Add(moderator);
                added.Add(moderator);
                audits.Add((moderator, null, "roster.import.add"));
            }
            else if (change.Action == "update")
            {
                var moderator = active.Single(m => m.Id == change.Before!.Id);
                moderator.Group = change.After!.Group;
                moderator.ParentName = change.After.ParentName;
                moderator.Contact = change.After.Contact;
                moderator.NotifiedOn = change.After.NotifiedOn;
                moderator.AcknowledgedCodeOfConduct = change.After.AcknowledgedCodeOfConduct;
                moderator.UpdatedAt = now;
                moderator.Version++;
                audits.Add((moderator, change.Before, "roster.import.edit"));
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return TypedResults.Conflict(ProblemPayload.ChangedMeanwhile);
        }

        foreach (var (moderator, before, action) in audits)
        {
            db.AuditEntries.Add(Audit(me, now, action, moderator, before, ToView(moderator)));
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var skipped = preview.Changes.Where(c => c.Action == "error").Select(c => new SkippedRow(c.Row, c.Problems)).ToList();
        return TypedResults.Ok(new ImportResult(added.Count, audits.Count - added.Count, skipped));
    }

    /// <summary>403 in plain words: staff may read the roster, only SLT change it.</summary>
    internal static ProblemHttpResult OnlySlt() => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Only SLT can change the roster",
        detail: "You can see the roster. Please tell a member of SLT what needs changing.");

    /// <param name="Skipped">The file's lines that were not imported, each with its problems.</param>
    public sealed record ImportResult(int Added, int Updated, IReadOnlyList<SkippedRow> Skipped);

    public sealed record SkippedRow(int Row, IReadOnlyList<string> Problems);

    /// <summary>A 409 body in plain words.</summary>
    public sealed record ProblemPayload(string Title, string Detail)
    {
        public static ProblemPayload ChangedMeanwhile { get; } = new(
            "Someone else changed this moderator",
            "The roster has been reloaded with their change. Please check it and make your change again.");
    }

    internal static ModeratorView ToView(Moderator m) =>
        new(m.Id, m.Group, m.ParentName, m.Contact, m.NotifiedOn, m.AcknowledgedCodeOfConduct, m.Version);

    internal static string? Clean(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    internal static Dictionary<string, string[]> Validate(ModeratorInput input, SchoolOptions school, TimeProvider clock, out string? group)
    {
        var errors = new Dictionary<string, string[]>();
        group = school.FindGroup(input.Group);
        if (group is null)
        {
            errors["group"] = ["Choose the class or year group."];
        }

        var name = Clean(input.ParentName);
        if (name is null)
        {
            errors["parentName"] = ["Enter the parent's name."];
        }
        else if (name.Length > MaxNameLength)
        {
            errors["parentName"] = [$"The name is longer than {MaxNameLength} characters."];
        }

        if (Clean(input.Contact) is { Length: > MaxContactLength })
        {
            errors["contact"] = [$"The contact details are longer than {MaxContactLength} characters."];
        }

        if (input.NotifiedOn is { } told && told > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1))
        {
            errors["notifiedOn"] = ["The date the school was told cannot be in the future."];
        }

        return errors;
    }

    private static async Task<ModeratorView?> SaveChangeAsync(
        CurrentStaff me, AppDbContext db, TimeProvider clock, Moderator moderator, string action, ModeratorView before, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        moderator.UpdatedAt = now;
        moderator.Version++;
        db.AuditEntries.Add(Audit(me, now, action, moderator, before, ToView(moderator) with { }));
        try
        {
            // One save: the change and its audit entry are recorded together or not at all.
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return null;
        }

        return ToView(moderator);
    }

    private static AuditEntry Audit(CurrentStaff me, DateTimeOffset at, string action, Moderator moderator, ModeratorView? before, ModeratorView? after) => new()
    {
        At = at,
        ActorId = me.UserId,
        ActorRole = me.ActingRole.ToString(),
        Action = action,
        Subject = AuditSubjects.Moderator(moderator.Id),
        FromState = before is null ? null : "active",
        ToState = action.EndsWith("retire", StringComparison.Ordinal) ? "retired" : "active",

        // The roster's own data, kept so SLT can see exactly what each change did (the issue asks for before and after).
        DetailsJson = JsonSerializer.Serialize(new { before, after = action.EndsWith("retire", StringComparison.Ordinal) ? null : after }, JsonOptions),
    };

    private static ChangeView ToChange(AuditEntry a)
    {
        JsonElement? before = null, after = null;
        if (a.DetailsJson is not null)
        {
            using var doc = JsonDocument.Parse(a.DetailsJson);
            if (doc.RootElement.TryGetProperty("before", out var b) && b.ValueKind == JsonValueKind.Object)
            {
                before = b.Clone();
            }

            if (doc.RootElement.TryGetProperty("after", out var f) && f.ValueKind == JsonValueKind.Object)
            {
                after = f.Clone();
            }
        }

        var id = int.TryParse(a.Subject.AsSpan(AuditSubjects.ModeratorPrefix.Length), CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        return new ChangeView(a.At, a.ActorId, a.ActorRole, a.Action, id, before, after);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static async Task<string?> ReadCsvAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxImportBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxImportBytes)
            {
                return null;
            }
        }

        // Excel saves "CSV UTF-8" with a BOM and plain "CSV" in Windows-1252; accept both.
        var bytes = buffer.ToArray();
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    internal static string Fingerprint(string text, IEnumerable<Moderator> active)
    {
        var state = string.Join(';', active.OrderBy(m => m.Id).Select(m => $"{m.Id}:{m.Version}"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(state + "\n" + text)));
    }
}
