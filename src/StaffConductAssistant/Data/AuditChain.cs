using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace StaffConductAssistant.Data;

/// <summary>Where the chain first breaks: the entry (by its place and id) and what is wrong with it.</summary>
public sealed record AuditBreak(long? Seq, Guid? EntryId, string Problem)
{
    public override string ToString() =>
        (Seq is { } seq ? "entry #" + seq.ToString(CultureInfo.InvariantCulture) : "an entry with no place in the chain")
        + (EntryId is { } id ? " (id " + id.ToString("D") + ")" : string.Empty) + ": " + Problem;
}

/// <summary>What <see cref="AuditChain.VerifyAsync"/> found: how many entries it checked, the chain's end, its first break.</summary>
public sealed record AuditVerification(long Entries, string HeadHash, AuditBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;
}

/// <summary>
/// The audit trail as one append-only hash chain. Each entry holds the SHA-256 of the entry before it and of its own
/// canonical content (<see cref="Canonical"/>), so an edited, deleted or inserted row breaks the chain where it stands.
/// Entries are chained as they are saved (<see cref="AppDbContext"/>'s SaveChanges calls <see cref="SaveAsync"/>), whoever adds them, so no writer can forget.
/// </summary>
public static class AuditChain
{
    public const int HeadId = 1;

    // Quoted identifiers read the same in SQLite and PostgreSQL; the table is the DbSet's name (EF's default).
    private const string LockHead = "UPDATE \"AuditChainHeads\" SET \"LastSeq\" = \"LastSeq\" WHERE \"Id\" = 1";
    private const string MoveHead = "UPDATE \"AuditChainHeads\" SET \"LastSeq\" = {0}, \"LastHash\" = {1} WHERE \"Id\" = 1";

    /// <summary>The "previous hash" of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// The fields that are hashed, in a fixed order, as a JSON array (System.Text.Json escapes the same way every time).
    /// The time is whole milliseconds since 1970 (UTC): both SQLite's stored form and PostgreSQL's keep that exactly.
    /// </summary>
    public static string Canonical(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(e.Seq ?? 0);
            json.WriteStringValue(e.Id.ToString("D"));
            json.WriteNumberValue(e.At.ToUnixTimeMilliseconds());
            foreach (var text in new[] { e.ActorId, e.ActorRole, e.Action, e.Subject, e.FromState, e.ToState, e.Reason, e.CardActivityId, e.DetailsJson })
            {
                if (text is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStringValue(text);
                }
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string HashOf(string prevHash, AuditEntry e) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prevHash + "\n" + Canonical(e))));

    /// <summary>Whole milliseconds in UTC: what both databases give back exactly, so the hash reads back the same.</summary>
    public static DateTimeOffset Normalise(DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    /// <summary>
    /// Saves the context's changes with the audit entries it adds chained after the chain's end, in one transaction (the
    /// caller's, or one begun here). The head row is locked first: in PostgreSQL that row lock makes any other writer,
    /// in this instance or another, wait for this one to commit; in SQLite the transaction is BEGIN IMMEDIATE
    /// (Microsoft.Data.Sqlite's default), which takes the database's write lock or waits for it (<see cref="SqliteBusyTimeout"/>)
    /// before the head is read. So two writers never follow the same entry, and neither fails; the unique index on Seq
    /// is the backstop. The head moves only after the entries are written: if the save fails (a double click losing on
    /// its version), EF rolls back to its savepoint in the caller's transaction and the head has not moved, or the
    /// transaction begun here is rolled back whole. Nothing is left open either way.
    /// </summary>
    internal static async Task<int> SaveAsync(AppDbContext db, Func<CancellationToken, Task<int>> save, CancellationToken ct)
    {
        var added = Added(db);
        if (added.Count == 0)
        {
            return await save(ct);
        }

        if (db.Database.CurrentTransaction is not null)
        {
            return await AppendAndSaveAsync(db, added, save, ct);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var saved = await AppendAndSaveAsync(db, added, save, ct);
        await tx.CommitAsync(ct);
        return saved;
    }

    internal static int Save(AppDbContext db, Func<int> save)
    {
        var added = Added(db);
        if (added.Count == 0)
        {
            return save();
        }

        if (db.Database.CurrentTransaction is not null)
        {
            return AppendAndSave(db, added, save);
        }

        using var tx = db.Database.BeginTransaction();
        var saved = AppendAndSave(db, added, save);
        tx.Commit();
        return saved;
    }

    private static async Task<int> AppendAndSaveAsync(AppDbContext db, List<AuditEntry> added, Func<CancellationToken, Task<int>> save, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(LockHead, ct);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == HeadId, ct);
        var (seq, prev) = Chain(added, head.LastSeq, head.LastHash);
        var saved = await save(ct);
        await db.Database.ExecuteSqlRawAsync(MoveHead, [seq, prev], ct);
        return saved;
    }

    private static int AppendAndSave(AppDbContext db, List<AuditEntry> added, Func<int> save)
    {
        db.Database.ExecuteSqlRaw(LockHead);
        var head = db.AuditChainHeads.AsNoTracking().Single(h => h.Id == HeadId);
        var (seq, prev) = Chain(added, head.LastSeq, head.LastHash);
        var saved = save();
        db.Database.ExecuteSqlRaw(MoveHead, seq, prev);
        return saved;
    }

    private static List<AuditEntry> Added(AppDbContext db) =>
        [.. db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)];

    private static (long Seq, string Prev) Chain(IEnumerable<AuditEntry> entries, long seq, string prev)
    {
        foreach (var e in entries)
        {
            e.At = Normalise(e.At);
            e.Seq = ++seq;
            e.PrevHash = prev;
            e.Hash = HashOf(prev, e);
            prev = e.Hash;
        }

        return (seq, prev);
    }

    /// <summary>
    /// Entries written before the chain existed (the migration that added it) are chained once, in time order, when
    /// the chain is still empty. After that an entry with no place is one inserted behind the app's back.
    /// </summary>
    public static async Task SealEntriesBeforeTheChainAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == HeadId, ct);
        if (head.LastSeq != 0)
        {
            return;
        }

        var loose = await db.AuditEntries.Where(e => e.Seq == null).ToListAsync(ct);
        if (loose.Count == 0)
        {
            return;
        }

        var ordered = loose.OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
        var (seq, prev) = Chain(ordered, 0, Genesis);
        await db.SaveChangesAsync(ct);
        await db.Database.ExecuteSqlRawAsync(MoveHead, [seq, prev], ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Walks the whole chain in order and names the first entry that is not where, or what, it was written.</summary>
    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.Id == HeadId, ct);
        if (head is null)
        {
            return new AuditVerification(0, Genesis, new AuditBreak(null, null, "the chain's head row is missing"));
        }

        // After retention removed the oldest entries the chain starts at the checkpoint (PruneAsync).
        var pruned = head.PrunedThroughSeq;
        long expected = pruned + 1;
        var prev = string.IsNullOrEmpty(head.PrunedThroughHash) ? Genesis : head.PrunedThroughHash;
        long count = 0;
        await foreach (var e in db.AuditEntries.AsNoTracking().Where(e => e.Seq != null && e.Seq > pruned).OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (e.Seq != expected)
            {
                return Broken(count, head, e.Seq > expected
                    ? new AuditBreak(expected, null, $"it is missing (deleted); the next entry is #{e.Seq} (id {e.Id:D})")
                    : new AuditBreak(e.Seq, e.Id, "it repeats a place already taken"));
            }

            if (!string.Equals(e.PrevHash, prev, StringComparison.Ordinal))
            {
                return Broken(count, head, new AuditBreak(e.Seq, e.Id, "it does not follow the entry before it (an entry was inserted, removed or rewritten)"));
            }

            if (!string.Equals(HashOf(prev, e), e.Hash, StringComparison.Ordinal))
            {
                return Broken(count, head, new AuditBreak(e.Seq, e.Id, "its content was changed after it was written"));
            }

            prev = e.Hash!;
            expected++;
        }

        if (expected - 1 != head.LastSeq || !string.Equals(prev, head.LastHash, StringComparison.Ordinal))
        {
            // Fewer entries than written: the first missing one; more: the first extra one; as many: the last.
            var last = expected - 1;
            var at = last < head.LastSeq ? expected : last > head.LastSeq ? head.LastSeq + 1 : last;
            return Broken(count, head, new AuditBreak(at, null,
                $"the chain ends at #{expected - 1} but was last written at #{head.LastSeq} (entries deleted from its end, or the head rewritten)"));
        }

        if (pruned > 0 && !await CheckpointRecordedAsync(db, head, ct))
        {
            // Moving the checkpoint forward would hide deleted entries: every move is itself a chained entry.
            return Broken(count, head, new AuditBreak(pruned, null,
                "the chain's start was moved without a recorded retention removal (entries deleted from its start, or the checkpoint rewritten)"));
        }

        var outside = await db.AuditEntries.AsNoTracking().Where(e => e.Seq == null).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (outside is not null)
        {
            return Broken(count, head, new AuditBreak(null, outside, "it was inserted outside the chain"));
        }

        return new AuditVerification(count, head.LastHash, null);
    }

    private static string CheckpointDetails(long throughSeq, string throughHash) =>
        JsonSerializer.Serialize(new { throughSeq, throughHash });

    private static async Task<bool> CheckpointRecordedAsync(AppDbContext db, AuditChainHead head, CancellationToken ct)
    {
        var last = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Seq > head.PrunedThroughSeq && e.Action == RetentionActions.AuditPruned)
            .OrderByDescending(e => e.Seq).Select(e => e.DetailsJson).FirstOrDefaultAsync(ct);
        return string.Equals(last, CheckpointDetails(head.PrunedThroughSeq, head.PrunedThroughHash), StringComparison.Ordinal);
    }

    /// <summary>
    /// Audit retention: removes the oldest entries, from the chain's start only, that are older than <paramref name="before"/>
    /// and are not about a case still held (any case still in the database, so the trail outlives what it describes). The
    /// chain stays verifiable: the head records the checkpoint (the last removed entry's place and hash), and the removal
    /// is itself a chained entry naming that checkpoint, which verify checks. Returns how many were removed.
    /// </summary>
    public static async Task<int> PruneAsync(AppDbContext db, DateTimeOffset before, DateTimeOffset now, CancellationToken ct, int batch = 5000)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(LockHead, ct);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(h => h.Id == HeadId, ct);
        var candidates = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Seq > head.PrunedThroughSeq).OrderBy(e => e.Seq).Take(batch)
            .Select(e => new { e.Seq, e.At, e.Subject, e.Hash }).ToListAsync(ct);
        var concernIds = candidates.Select(e => ConcernIdOf(e.Subject)).OfType<int>().Distinct().ToList();
        var live = (await db.Concerns.AsNoTracking().Where(c => concernIds.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var prefix = candidates.TakeWhile(e => e.At < before && !(ConcernIdOf(e.Subject) is { } id && live.Contains(id))).ToList();
        if (prefix.Count == 0)
        {
            return 0;
        }

        var through = prefix[^1];
        var removed = await db.AuditEntries.Where(e => e.Seq > head.PrunedThroughSeq && e.Seq <= through.Seq).ExecuteDeleteAsync(ct);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditChainHeads\" SET \"PrunedThroughSeq\" = {0}, \"PrunedThroughHash\" = {1} WHERE \"Id\" = 1",
            [through.Seq!.Value, through.Hash!], ct);
        AuditLog.Record(db, AuditLog.AppActor, AuditLog.AppRole, RetentionActions.AuditPruned, AuditSubjects.AuditTrail, now,
            CheckpointDetails(through.Seq.Value, through.Hash!));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return removed;
    }

    private static int? ConcernIdOf(string subject) =>
        subject.StartsWith("concern:", StringComparison.Ordinal) && int.TryParse(subject.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static AuditVerification Broken(long count, AuditChainHead head, AuditBreak at) => new(count, head.LastHash, at);
}
