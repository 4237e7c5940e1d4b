using Microsoft.EntityFrameworkCore;

namespace StaffConductAssistant.Data;

/// <summary>
/// The app's one database. Used directly by features (no repository layer). Two provider-specific
/// subclasses exist only so each provider keeps its own migrations.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AppSetting> Settings => Set<AppSetting>();

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
        });

        modelBuilder.Entity<AppSetting>(e => e.HasKey(x => x.Key));
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);
