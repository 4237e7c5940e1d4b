using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Subjects;

namespace StaffConductAssistant.Data;

/// <summary>
/// A parent as a data subject (issue 11): the person a concern is about, one record however their name was typed.
/// Lists are JSON text so SQLite and PostgreSQL share one shape. A record merged into another is kept, pointing at
/// it (<see cref="MergedIntoId"/>), so nothing that named it is lost; an erased one keeps only its id.
/// </summary>
public sealed class Parent
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="ParentNames.Key"/> of <see cref="Name"/>.</summary>
    public required string NameKey { get; set; }

    /// <summary><see cref="ParentNames.SurnameKey"/> of <see cref="Name"/>: where the form's suggestions start looking.</summary>
    public required string SurnameKey { get; set; }

    /// <summary>Other ways staff have written this parent's name ("Dan Smith" for Daniel Smith), as a JSON list.</summary>
    public string OtherNamesJson { get; set; } = "[]";

    public string? Email { get; set; }

    /// <summary>Their children's classes, when known, as a JSON list.</summary>
    public string ChildrenClassesJson { get; set; } = "[]";

    /// <summary>The WhatsApp groups they have been seen in (from the concerns about them), as a JSON list.</summary>
    public string GroupsJson { get; set; } = "[]";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when SLT merged this record into another: the record that holds its concerns now.</summary>
    public int? MergedIntoId { get; set; }

    /// <summary>Set when SLT erased or anonymised the parent; the name is then a placeholder.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>Bumped on every change; two SLT merging at once cannot both win.</summary>
    public int Version { get; set; } = 1;

    public IReadOnlyList<string> OtherNames => ConcernLists.Read(OtherNamesJson);

    public IReadOnlyList<string> Groups => ConcernLists.Read(GroupsJson);

    public IReadOnlyList<string> ChildrenClasses => ConcernLists.Read(ChildrenClassesJson);

    public ParentCandidate ToCandidate() => new(Id, Name, OtherNames, Email, Groups);

    public static Parent Create(string name, string? group, string? email, DateTimeOffset now) => new()
    {
        Name = name.Trim(),
        NameKey = ParentNames.Key(name),
        SurnameKey = ParentNames.SurnameKey(name),
        Email = ParentMatcher.NormaliseEmail(email),
        GroupsJson = ConcernLists.Write(string.IsNullOrWhiteSpace(group) ? [] : [group.Trim()]),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>What a new concern teaches about the parent: another group, another way of writing the name, an email.</summary>
    /// <remarks>The record changes (and its version moves) only when there is something new, so two concerns logged
    /// at once about the same parent in the usual way do not collide.</remarks>
    public void Learn(string typedName, string? group, string? email, DateTimeOffset now)
    {
        var changed = false;
        var key = ParentNames.Key(typedName);
        if (key.Length > 0 && key != NameKey && !OtherNames.Any(n => ParentNames.Key(n) == key))
        {
            OtherNamesJson = ConcernLists.Write(OtherNames.Append(typedName.Trim()));
            changed = true;
        }

        if (!string.IsNullOrWhiteSpace(group) && !Groups.Contains(group.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            GroupsJson = ConcernLists.Write(Groups.Append(group.Trim()));
            changed = true;
        }

        if (Email is null && ParentMatcher.NormaliseEmail(email) is { } mail)
        {
            Email = mail;
            changed = true;
        }

        if (changed)
        {
            UpdatedAt = now;
            Version++;
        }
    }
}

/// <summary>The concern's subject: the parent record it is about.</summary>
public sealed partial class Concern
{
    /// <summary>The parent the concern is about; null only until the start-up link (<see cref="ParentLinks"/>) has run.</summary>
    public int? ParentId { get; set; }

    /// <summary>The parent record, when loaded or newly created alongside the concern.</summary>
    public Parent? ParentRecord { get; set; }
}

/// <summary>The parent record's table shape, and the one-off link of concerns logged before parents had records.</summary>
public static class ParentLinks
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<Parent>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.NameKey).HasMaxLength(200);
            e.Property(x => x.SurnameKey).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(254);
            e.HasIndex(x => x.NameKey);
            e.HasIndex(x => x.SurnameKey);
            e.HasIndex(x => x.Email);
            e.Ignore(x => x.OtherNames);
            e.Ignore(x => x.Groups);
            e.Ignore(x => x.ChildrenClasses);
        });

        modelBuilder.Entity<Concern>(e =>
        {
            e.HasOne(x => x.ParentRecord).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
            // A card's history (one parent's cases, newest first) reads this index in order: same cost at any size.
            e.HasIndex(x => new { x.ParentId, x.LoggedAt });
        });
    }

    /// <summary>
    /// Gives every concern that has no parent record one, conservatively: concerns share a record only when the name
    /// was written the same way (case and spacing aside) in the same group. A namesake in another group gets its own
    /// record, and SLT can merge them; "Dan" and "Daniel" stay apart until SLT merge them. Runs at start, after the
    /// migrations, and does nothing once every concern is linked. In code rather than SQL in the migration so both
    /// providers share it and the migrations stay as generated.
    /// </summary>
    public static async Task<int> LinkUnlinkedAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var linked = 0;
        while (true)
        {
            var batch = await db.Concerns.Where(c => c.ParentId == null).OrderBy(c => c.Id).Take(500).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return linked;
            }

            var keys = batch.Select(c => ParentNames.Key(c.PostedBy)).Distinct().ToList();
            var known = await db.Parents.Where(p => keys.Contains(p.NameKey) && p.MergedIntoId == null && p.ErasedAt == null).ToListAsync(cancellationToken);
            foreach (var concern in batch)
            {
                var key = ParentNames.Key(concern.PostedBy);
                var parent = known.FirstOrDefault(p => p.NameKey == key && p.Groups.Contains(concern.Group, StringComparer.OrdinalIgnoreCase));
                if (parent is null)
                {
                    parent = Parent.Create(concern.PostedBy, concern.Group, null, concern.LoggedAt);
                    db.Parents.Add(parent);
                    known.Add(parent);
                }

                concern.ParentRecord = parent;
                linked++;
            }

            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

/// <summary>The parent record's entries in the audit trail: subject <c>parent:N</c>, ids only in the details.</summary>
public static class ParentAudit
{
    public const string Prefix = "parent:";

    public const string Created = "ParentCreated";
    public const string Linked = "ParentLinked";
    public const string Merged = "ParentMerged";
    public const string ConcernMoved = "ConcernMoved";
    public const string ChronologyViewed = "ChronologyViewed";
    public const string SubjectAccessExported = "SubjectAccessExported";
    public const string Unredacted = "Unredacted";
    public const string Erased = "ParentErased";
    public const string Anonymised = "ParentAnonymised";
    public const string Disclosed = "Disclosed";

    public static string Subject(int parentId) => Prefix + parentId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static AuditEntry Record(AppDbContext db, string actorId, string role, string action, int parentId, DateTimeOffset at, int? concernId = null, string? reason = null, object? details = null)
    {
        var json = details is null && concernId is null
            ? null
            : JsonSerializer.Serialize(details ?? new { concernId });
        var entry = AuditLog.Record(db, actorId, role, action, Subject(parentId), at, json);
        entry.Reason = reason;
        return entry;
    }
}
