using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.ProposeResponse;

namespace StaffConductAssistant.Features.EditLetterTemplates;

/// <summary>
/// The letter templates as SLT last wrote them: the shipped file (letter-templates.json) says which templates exist,
/// their titles and responses; the newest <see cref="LetterTemplateVersion"/> of each gives its subject and words.
/// </summary>
public sealed class LetterTemplateLibrary(LetterTemplates shipped, IMemoryCache cache)
{
    /// <summary>
    /// How long a card may show a template's previous words after an edit made on another instance (this instance
    /// forgets at once). Only drawing cards reads through the cache; proposing reads the table itself.
    /// </summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private const string CacheKey = "letter-templates:latest";

    public LetterTemplates Shipped => shipped;

    /// <summary>The latest versions, cached briefly: for drawing cards, read on every refresh.</summary>
    public async Task<LetterTemplates> CurrentAsync(AppDbContext db, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey, out LetterTemplates? current) && current is not null)
        {
            return current;
        }

        current = await LatestAsync(db, ct);
        cache.Set(CacheKey, current, CacheFor);
        return current;
    }

    /// <summary>The latest versions, read now: for proposing, where the version is recorded with the letter.</summary>
    public async Task<LetterTemplates> LatestAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var latest = await db.LetterTemplateVersions.AsNoTracking()
            .Where(v => v.Version == db.LetterTemplateVersions.Where(w => w.Key == v.Key).Max(w => w.Version))
            .ToDictionaryAsync(v => v.Key, StringComparer.Ordinal, ct);
        return new LetterTemplates(shipped.All.Select(t => latest.TryGetValue(t.Id, out var v) ? With(t, v) : t).ToList());
    }

    /// <summary>
    /// The template a proposed letter used, at the version recorded with it (its subject goes out with the letter);
    /// the shipped one for a letter proposed before templates had versions.
    /// </summary>
    public async Task<LetterTemplate?> UsedByAsync(AppDbContext db, Concern concern, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(concern);
        var template = shipped.Find(concern.LetterTemplateId);
        if (template is null || concern.LetterTemplateVersion is not { } version)
        {
            return template;
        }

        var row = await db.LetterTemplateVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Key == template.Id && v.Version == version, ct);
        return row is null ? template : With(template, row);
    }

    /// <summary>After an edit on this instance, the next card shows it.</summary>
    public void Forget() => cache.Remove(CacheKey);

    public static LetterTemplate With(LetterTemplate template, LetterTemplateVersion version)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(version);
        return template with { Subject = version.Subject, Text = version.Body, Version = version.Version };
    }

    /// <summary>
    /// Version 1 of every shipped template that has no row yet: templates added to the file later appear, and a
    /// template SLT edited is never overwritten by the file. Safe on two instances at once (the unique index).
    /// </summary>
    public static async Task SeedAsync(AppDbContext db, LetterTemplates shipped, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(shipped);
        var known = await db.LetterTemplateVersions.Select(v => v.Key).Distinct().ToListAsync(ct);
        var missing = shipped.All.Where(t => !known.Contains(t.Id, StringComparer.Ordinal)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        db.LetterTemplateVersions.AddRange(missing.Select(t => new LetterTemplateVersion
        {
            Key = t.Id,
            Version = 1,
            Subject = t.Subject,
            Body = t.Text,
            ByUserId = AuditLog.AppActor,
            ByName = "Staff Conduct Assistant (the wording it ships with)",
            At = now,
        }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance seeded them first: its rows are the same text.
            db.ChangeTracker.Clear();
        }
    }
}

/// <summary>Seeds the shipped templates at start, after the database is migrated and before anything is served.</summary>
public sealed class LetterTemplateSeeding(IServiceScopeFactory scopes, LetterTemplates shipped, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await LetterTemplateLibrary.SeedAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), shipped, clock.GetUtcNow(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
