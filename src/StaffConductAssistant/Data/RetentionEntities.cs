using Microsoft.EntityFrameworkCore;

namespace StaffConductAssistant.Data;

/// <summary>
/// SLT stop the retention schedule for one case (a claim, a complaint, an inquiry), with the reason. Kept after it is
/// lifted, so who held and lifted it, when and why stays on record; a case is held while one has no <see cref="ReleasedAt"/>.
/// </summary>
public sealed class LegalHold
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    public required string Reason { get; set; }

    public required string PlacedByUserId { get; set; }

    public DateTimeOffset PlacedAt { get; set; }

    public string? ReleasedByUserId { get; set; }

    public DateTimeOffset? ReleasedAt { get; set; }

    public string? ReleaseReason { get; set; }
}

/// <summary>SLT were told, in the SLT channel, that this part of a case is due to be deleted on <see cref="DueAt"/>.</summary>
public sealed class RetentionNotice
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    /// <summary>A <see cref="Cases.RetentionKind"/> name.</summary>
    public required string Kind { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset NotifiedAt { get; set; }
}

/// <summary>The retention tables' shape, kept apart from <see cref="AppDbContext"/>'s so the model's owners do not collide.</summary>
public static class RetentionModel
{
    public const int ReasonMaxLength = 2000;

    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<LegalHold>(e =>
        {
            e.HasOne<Concern>().WithMany().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ConcernId, x.ReleasedAt });
            e.Property(x => x.Reason).HasMaxLength(ReasonMaxLength);
            e.Property(x => x.ReleaseReason).HasMaxLength(ReasonMaxLength);
            e.Property(x => x.PlacedByUserId).HasMaxLength(64);
            e.Property(x => x.ReleasedByUserId).HasMaxLength(64);
        });
        modelBuilder.Entity<RetentionNotice>(e =>
        {
            e.HasOne<Concern>().WithMany().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ConcernId, x.Kind }).IsUnique();
            e.Property(x => x.Kind).HasMaxLength(16);
        });
    }
}

/// <summary>Audit actions of the retention schedule and of legal holds (subjects: the case, or "retention").</summary>
public static class RetentionActions
{
    public const string Subject = "retention";
    public const string LegalHoldPlaced = "LegalHoldPlaced";
    public const string LegalHoldReleased = "LegalHoldReleased";
    public const string RetentionNotified = "RetentionNotified";
    public const string RetentionDeleted = "RetentionDeleted";
    public const string DraftsDeleted = "DraftsDeleted";

    /// <summary>The oldest audit entries were removed; its details name the new checkpoint (see <see cref="AuditChainHead.PrunedThroughSeq"/>).</summary>
    public const string AuditPruned = "AuditPruned";
}
