using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;

namespace StaffConductAssistant.Data;

/// <summary>
/// A parent's ban from the school site, from the Headmistress's approval of a site ban (school-data-protection.md §4):
/// provisional until the parent has been heard, then confirmed or lifted after her review. One per case; where it
/// stands moves only through <see cref="SiteBanWorkflow"/>, and each move is a <see cref="SiteBanStep"/>.
/// </summary>
public sealed class SiteBan
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    public SiteBanState State { get; set; } = SiteBanState.Provisional;

    /// <summary>Where the parent may not come, as the letters say it.</summary>
    public required string Scope { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The last day the parent's representations are invited (school time), as the provisional letter says.</summary>
    public DateOnly RepresentationsBy { get; set; }

    /// <summary>When a confirmed ban is next reviewed (school time); null until it is confirmed.</summary>
    public DateOnly? ReviewOn { get; set; }

    /// <summary>
    /// The last day of a confirmed ban (school time), as the confirmation letter says; null until it is confirmed. The
    /// morning after, the app lifts it by itself (<see cref="SiteBanAction.Expire"/>).
    /// </summary>
    public DateOnly? Until { get; set; }

    /// <summary>Who reviews it: whoever approved the ban (the Headmistress, or whoever decides this case).</summary>
    public required string DeciderUserId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<SiteBanStep> Steps { get; set; } = [];
}

/// <summary>One step of a site ban: the provisional ban, a representation, a date passing, a review's decision.</summary>
public sealed class SiteBanStep
{
    public int Id { get; set; }

    public int SiteBanId { get; set; }

    /// <summary>The step taken; null for the provisional ban itself (the approval that started it).</summary>
    public SiteBanAction? Action { get; set; }

    public SiteBanState To { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>An Entra object id, or <see cref="AuditLog.AppActor"/> when a date passed.</summary>
    public required string ByUserId { get; set; }

    public string? ByName { get; set; }

    public StaffRole? ByRole { get; set; }

    /// <summary>The parent's representation, or the reasons for a decision (told to the parent in the letter).</summary>
    public string? Text { get; set; }

    /// <summary>The representation's attached file, kept with the case's evidence.</summary>
    public int? EvidenceId { get; set; }

    public DateOnly? ReviewOn { get; set; }

    /// <summary>For a confirmation: the last day of the ban it set.</summary>
    public DateOnly? Until { get; set; }

    /// <summary>The letter this step sends (provisional, confirmed, lifted), if it sends one itself.</summary>
    public string? LetterTemplateId { get; set; }

    public string? LetterText { get; set; }

    public ActionStatus? LetterStatus { get; set; }

    public string? LetterDetail { get; set; }
}

public static class SiteBanModel
{
    public const int MaxText = 10000;

    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<SiteBan>(e =>
        {
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Scope).HasMaxLength(1000);
            e.Property(x => x.DeciderUserId).HasMaxLength(64);
            e.HasIndex(x => x.ConcernId).IsUnique();
            e.HasIndex(x => x.State);
            e.HasOne<Concern>().WithOne(c => c.SiteBan).HasForeignKey<SiteBan>(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.SiteBanId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<SiteBanStep>(e =>
        {
            e.Property(x => x.Action).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.To).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.ByRole).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.LetterStatus).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.ByUserId).HasMaxLength(64);
            e.Property(x => x.ByName).HasMaxLength(200);
            e.Property(x => x.Text).HasMaxLength(MaxText);
            e.Property(x => x.LetterTemplateId).HasMaxLength(64);
            e.Property(x => x.LetterText).HasMaxLength(20000);
            e.Property(x => x.LetterDetail).HasMaxLength(1000);
        });
    }
}
