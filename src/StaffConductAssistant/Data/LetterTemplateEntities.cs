using Microsoft.EntityFrameworkCore;

namespace StaffConductAssistant.Data;

/// <summary>
/// One version of a letter template, as SLT wrote it in the tab (or as shipped: version 1, seeded at start from
/// letter-templates.json). Versions are only ever added, never changed, so a sent letter's
/// <see cref="Concern.LetterTemplateVersion"/> always names the words it started from.
/// </summary>
public sealed class LetterTemplateVersion
{
    public int Id { get; set; }

    /// <summary>The template's id in letter-templates.json (for example "cautionary-notice").</summary>
    public required string Key { get; set; }

    public int Version { get; set; }

    public required string Subject { get; set; }

    public required string Body { get; set; }

    /// <summary>Who wrote this version: an Entra object id, or "app" for the shipped text.</summary>
    public required string ByUserId { get; set; }

    public string? ByName { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>The letter templates' table shape, kept apart from <see cref="AppDbContext"/>'s so the model's owners do not collide.</summary>
public static class LetterTemplateModel
{
    public const int KeyMaxLength = 64;
    public const int SubjectMaxLength = 200;

    /// <summary>The same limit as a letter on a card (CaseCommand.MaxLetter).</summary>
    public const int BodyMaxLength = 10000;

    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<LetterTemplateVersion>(e =>
        {
            // Two edits made at once cannot both become the same version: the second is refused, not lost silently.
            e.HasIndex(x => new { x.Key, x.Version }).IsUnique();
            e.Property(x => x.Key).HasMaxLength(KeyMaxLength);
            e.Property(x => x.Subject).HasMaxLength(SubjectMaxLength);
            e.Property(x => x.Body).HasMaxLength(BodyMaxLength);
            e.Property(x => x.ByUserId).HasMaxLength(64);
            e.Property(x => x.ByName).HasMaxLength(200);
        });
    }
}
