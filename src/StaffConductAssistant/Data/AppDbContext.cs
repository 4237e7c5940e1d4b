using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace StaffConductAssistant.Data;

/// <summary>
/// The app's one database. Used directly by features (no repository layer). Two provider-specific
/// subclasses exist only so each provider keeps its own migrations.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<AppSetting> Settings => Set<AppSetting>();

    public DbSet<Concern> Concerns => Set<Concern>();

    public DbSet<ConcernEvidence> Evidence => Set<ConcernEvidence>();

    public DbSet<SentCard> SentCards => Set<SentCard>();

    public DbSet<ConcernAction> ConcernActions => Set<ConcernAction>();

    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    public DbSet<Moderator> Moderators => Set<Moderator>();

    public DbSet<ActingHeadAppointmentRecord> ActingHeadAppointments => Set<ActingHeadAppointmentRecord>();

    public DbSet<ConcernDraftRecord> ConcernDrafts => Set<ConcernDraftRecord>();

    public DbSet<CasePerson> CasePeople => Set<CasePerson>();

    public DbSet<Parent> Parents => Set<Parent>();

    public DbSet<CaseMeeting> CaseMeetings => Set<CaseMeeting>();

    public DbSet<CaseTask> CaseTasks => Set<CaseTask>();

    public DbSet<SiteBan> SiteBans => Set<SiteBan>();

    public DbSet<SiteBanStep> SiteBanSteps => Set<SiteBanStep>();

    public DbSet<LegalHold> LegalHolds => Set<LegalHold>();

    public DbSet<RetentionNotice> RetentionNotices => Set<RetentionNotice>();

    public DbSet<Disclosure> Disclosures => Set<Disclosure>();

    public DbSet<LetterTemplateVersion> LetterTemplateVersions => Set<LetterTemplateVersion>();

    /// <summary>Every save chains the audit entries it adds (<see cref="AuditChain.SaveAsync"/>), whoever adds them.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        AuditChain.Save(this, () => base.SaveChanges(acceptAllChangesOnSuccess));

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default) =>
        AuditChain.SaveAsync(this, ct => base.SaveChangesAsync(acceptAllChangesOnSuccess, ct), cancellationToken);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ConversationRecord>(e =>
        {
            e.HasKey(x => x.Id);
            // The Agents Playground (and, rarely, Teams) can reuse a conversation id under another
            // service URL, so a conversation is identified by both.
            e.HasIndex(x => new { x.ServiceUrl, x.ConversationId }).IsUnique();
            e.HasIndex(x => x.UserAadObjectId);
            e.Property(x => x.ServiceUrl).HasMaxLength(512);
            e.Property(x => x.ConversationId).HasMaxLength(512);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Subject, x.At });
            // Two entries can never claim the same place in the chain, whatever writes to the table.
            e.HasIndex(x => x.Seq).IsUnique();
            e.Property(x => x.PrevHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
        });

        modelBuilder.Entity<AuditChainHead>(e =>
        {
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.LastHash).HasMaxLength(64);
            e.Property(x => x.PrunedThroughHash).HasMaxLength(64);
            e.HasData(new AuditChainHead { Id = AuditChain.HeadId, LastSeq = 0, LastHash = AuditChain.Genesis, PrunedThroughSeq = 0, PrunedThroughHash = AuditChain.Genesis });
        });

        RetentionModel.Configure(modelBuilder);

        LetterTemplateModel.Configure(modelBuilder);

        modelBuilder.Entity<AppSetting>(e => e.HasKey(x => x.Key));

        modelBuilder.Entity<Concern>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.DecidedByRole).HasConversion<string>().HasMaxLength(32);
            // The same email is logged once, whatever route it came by: the database refuses a second row.
            e.HasIndex(x => x.EmailMessageId).IsUnique();
            e.HasIndex(x => x.ContentSha256).IsUnique();
            e.HasIndex(x => new { x.ReporterEmail, x.EmailSentAt });
            // A card's history (one parent's cases, newest first) and precedents (newest first, stopping at
            // CaseView.MaxPrecedents) read these indexes in order instead of sorting the table: same cost at any size.
            e.HasIndex(x => new { x.PostedByKey, x.LoggedAt });
            e.HasIndex(x => x.LoggedAt);
            e.HasIndex(x => new { x.State, x.LoggedAt });
            e.HasMany(x => x.Evidence).WithOne().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.SentCards).WithOne().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Actions).WithOne().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.People).WithOne().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Meetings).WithOne().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Tasks).WithOne().HasForeignKey(x => x.ConcernId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CaseMeeting>(e =>
        {
            e.Property(x => x.Place).HasMaxLength(200);
            e.Property(x => x.Colleague).HasMaxLength(254);
            e.Property(x => x.TransactionId).HasMaxLength(128);
            e.HasIndex(x => x.TransactionId).IsUnique();
            e.HasIndex(x => x.ActionId).IsUnique();
        });

        modelBuilder.Entity<CaseTask>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(64);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.OwnerUserId).HasMaxLength(64);
            e.Property(x => x.OwnerName).HasMaxLength(200);
            e.Property(x => x.Notes).HasMaxLength(4000);
            e.Property(x => x.CreatedByUserId).HasMaxLength(64);
            e.Property(x => x.DoneByUserId).HasMaxLength(64);

            // The reminder job reads open tasks by due day.
            e.HasIndex(x => new { x.DoneAt, x.DueOn });
            e.HasIndex(x => x.OwnerUserId);
        });

        modelBuilder.Entity<CasePerson>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.UserId).HasMaxLength(64);
            e.HasIndex(x => new { x.UserId, x.Kind });
            e.HasIndex(x => new { x.ConcernId, x.UserId, x.Kind }).IsUnique();
        });

        modelBuilder.Entity<ConcernEvidence>(e => e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32));
        modelBuilder.Entity<SentCard>(e => e.Property(x => x.Purpose).HasConversion<string>().HasMaxLength(32));
        modelBuilder.Entity<ConcernAction>(e => e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32));
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.HasIndex(x => new { x.CompletedAt, x.NextAttemptAt });
            e.HasIndex(x => new { x.CaseId, x.CompletedAt });
        });
        modelBuilder.Entity<Moderator>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.Group);
        });
        modelBuilder.Entity<ActingHeadAppointmentRecord>(e => e.HasIndex(x => x.UserId));
        modelBuilder.Entity<ConcernDraftRecord>(e => e.HasIndex(x => x.CreatedAt));

        // Issue 11: the parent as a data subject (Data/Parents.cs, Data/Disclosures.cs).
        ParentLinks.Configure(modelBuilder);
        Disclosure.Configure(modelBuilder);

        // Issue 12: the site-ban due process (Data/SiteBanEntities.cs).
        SiteBanModel.Configure(modelBuilder);
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time-with-offset type and EF cannot order or compare DateTimeOffset stored as text;
        // stored as a sortable 64-bit number, "overdue first" and date filters run in the database.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
