using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace StaffConductAssistant.Data;

/// <summary>Who a case was shared with outside SLT (issue 11, item 5).</summary>
public enum RecipientKind
{
    /// <summary>The parent moderator of the class group.</summary>
    Moderator,

    /// <summary>The police, the local authority, children's social care.</summary>
    Authorities,

    /// <summary>The school's solicitor or another legal adviser.</summary>
    LegalAdviser,
}

/// <summary>One item SLT chose to show in a disclosure: the preview's key, the kind of item (never the name), why.</summary>
public sealed record DisclosedItem(string Key, string Kind, string Reason);

/// <summary>
/// A case shared beyond SLT, redacted (issue 11; DPA 2018 s.62 as a model: a disclosure is logged with who, when, to
/// whom and why). The recipient's name is kept here, not in the audit trail, because the trail can never be erased;
/// the trail holds the disclosure's id and the kind of recipient. Deleted with its case on the retention schedule.
/// </summary>
public sealed class Disclosure
{
    public const int RecipientMaxLength = 200;

    public int Id { get; set; }

    public int ConcernId { get; set; }

    public required string RecipientName { get; set; }

    public RecipientKind RecipientKind { get; set; }

    /// <summary>Why it is shared (a referral, a request for removal from the group, advice on a claim).</summary>
    public required string Purpose { get; set; }

    public required string ByUserId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>How many items the download held, and how many people or files stayed hidden.</summary>
    public int Items { get; set; }

    public int Hidden { get; set; }

    /// <summary>The <see cref="DisclosedItem"/>s SLT un-redacted, as a JSON list.</summary>
    public string UnredactedJson { get; set; } = "[]";

    public IReadOnlyList<DisclosedItem> Unredacted =>
        JsonSerializer.Deserialize<List<DisclosedItem>>(UnredactedJson, JsonSerializerOptions.Web) ?? [];

    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Disclosure>(e =>
        {
            e.HasOne<Concern>().WithMany().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.ConcernId, x.At });
            e.Property(x => x.RecipientName).HasMaxLength(RecipientMaxLength);
            e.Property(x => x.RecipientKind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Purpose).HasMaxLength(RetentionModel.ReasonMaxLength);
            e.Property(x => x.ByUserId).HasMaxLength(64);
            e.Ignore(x => x.Unredacted);
        });
    }
}
