using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Data;

namespace StaffConductAssistant.Bot;

/// <summary>
/// Keeps the ConversationReference of every conversation the bot is in, so the app can message it later
/// (proactive messages need the service URL, tenant, conversation and, for 1:1 chats, the user's object id).
/// </summary>
public sealed class ConversationStore(AppDbContext db, TimeProvider clock)
{
    /// <summary>How stale UpdatedAt may get for a conversation whose stored reference has not changed.</summary>
    public static readonly TimeSpan UnchangedRefreshInterval = TimeSpan.FromMinutes(10);

    public Task<ConversationRecord> UpsertAsync(Activity activity, CancellationToken cancellationToken) =>
        UpsertAsync(activity, wholeChannel: false, cancellationToken);

    /// <summary>
    /// The channel itself rather than the thread the activity came from: a message in a channel thread has the
    /// conversation id "19:…@thread.tacv2;messageid=&lt;root&gt;"; posting to the id without the suffix starts a new
    /// thread (docs/teams-protocol.md §4), which is how concern cards reach the SLT channel.
    /// </summary>
    public Task<ConversationRecord> UpsertChannelAsync(Activity activity, CancellationToken cancellationToken) =>
        UpsertAsync(activity, wholeChannel: true, cancellationToken);

    private async Task<ConversationRecord> UpsertAsync(Activity activity, bool wholeChannel, CancellationToken cancellationToken)
    {
        var reference = activity.GetConversationReference();
        reference.ActivityId = null;
        var serviceUrl = activity.ServiceUrl ?? throw new InvalidOperationException("An activity without a serviceUrl cannot be stored.");
        var conversationId = activity.Conversation?.Id ?? throw new InvalidOperationException("An activity without a conversation cannot be stored.");
        if (wholeChannel)
        {
            conversationId = conversationId.Split(";messageid=", 2)[0];
            reference.Conversation = new ConversationAccount
            {
                Id = conversationId,
                ConversationType = activity.Conversation.ConversationType,
                TenantId = activity.Conversation.TenantId,
                IsGroup = activity.Conversation.IsGroup,
                Name = activity.Conversation.Name,
            };
        }

        var now = clock.GetUtcNow();

        return await SaveAsync(activity, reference, serviceUrl, conversationId, now, cancellationToken);
    }

    /// <summary>Adds the row unless one with the same (ServiceUrl, ConversationId) is there; names and values from the model.</summary>
    private async Task InsertIfAbsentAsync(ConversationRecord record, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(ConversationRecord))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = new[]
        {
            (nameof(ConversationRecord.Id), (object?)record.Id), (nameof(ConversationRecord.ServiceUrl), record.ServiceUrl),
            (nameof(ConversationRecord.ConversationId), record.ConversationId), (nameof(ConversationRecord.ChannelId), record.ChannelId),
            (nameof(ConversationRecord.ReferenceJson), record.ReferenceJson), (nameof(ConversationRecord.CreatedAt), record.CreatedAt),
            (nameof(ConversationRecord.UpdatedAt), record.UpdatedAt),
        };
        await using var command = db.Database.GetDbConnection().CreateCommand();
        var names = new List<string>();
        var parameters = new List<object>();
        foreach (var (i, (name, value)) in columns.Index())
        {
            var property = entity.FindProperty(name)!;
            names.Add(sql.DelimitIdentifier(property.GetColumnName(table)!));
            // The property's own mapping makes the parameter: SQLite keeps Guids as text and DateTimeOffsets as numbers.
            parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), value));
        }

        var text = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", names)}) " +
            $"VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))}) ON CONFLICT DO NOTHING";
        await db.Database.ExecuteSqlRawAsync(text, parameters, cancellationToken);
    }

    /// <summary>
    /// Claims the conversation's one welcome: true for exactly one caller, however many install events arrive at once.
    /// </summary>
    public async Task<bool> ClaimWelcomeAsync(ConversationRecord record, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var claimed = await db.Conversations
            .Where(c => c.Id == record.Id && c.WelcomedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.WelcomedAt, now), cancellationToken);
        return claimed == 1;
    }

    /// <summary>Gives the welcome back when sending it failed, so the next install event tries again.</summary>
    public Task ReleaseWelcomeAsync(ConversationRecord record, CancellationToken cancellationToken) =>
        db.Conversations.Where(c => c.Id == record.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.WelcomedAt, (DateTimeOffset?)null), cancellationToken);

    private async Task<ConversationRecord> SaveAsync(Activity activity, ConversationReference reference, string serviceUrl, string conversationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = await db.Conversations.SingleOrDefaultAsync(c => c.ServiceUrl == serviceUrl && c.ConversationId == conversationId, cancellationToken);
        if (record is null)
        {
            // Teams (and the Agents Playground) send installationUpdate and conversationUpdate for one install within
            // milliseconds: both may try to add the conversation. The row is claimed with INSERT … ON CONFLICT DO NOTHING
            // (SQLite and PostgreSQL alike), so the loser never hits the unique index and nothing logs a failure; both
            // then update the one row.
            await InsertIfAbsentAsync(new ConversationRecord
            {
                ServiceUrl = serviceUrl,
                ConversationId = conversationId,
                ChannelId = activity.ChannelId ?? "msteams",
                ReferenceJson = "{}",
                CreatedAt = now,
                UpdatedAt = now,
            }, cancellationToken);
            record = await db.Conversations.SingleAsync(c => c.ServiceUrl == serviceUrl && c.ConversationId == conversationId, cancellationToken);
        }

        var isPersonal = string.Equals(activity.Conversation!.ConversationType, ConversationTypes.Personal, StringComparison.OrdinalIgnoreCase);
        record.ConversationType = activity.Conversation.ConversationType;
        record.TenantId = activity.GetTenantId();
        record.TeamId = activity.GetTeamsTeamId();
        record.UserAadObjectId = isPersonal ? activity.From?.AadObjectId ?? record.UserAadObjectId : null;
        record.ReferenceJson = JsonSerializer.Serialize(reference, BotJson.Options);

        // Every card click in a known chat comes here. When nothing but the time would change, skip the write: on SQLite
        // each one is a commit (fsync) under a database-wide write lock, which serialised concurrent clicks. UpdatedAt
        // (used to pick a user's most recent personal chat) is then accurate to within UnchangedRefreshInterval.
        if (db.Entry(record).State == EntityState.Unchanged && now - record.UpdatedAt < UnchangedRefreshInterval)
        {
            return record;
        }

        record.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    public static ConversationReference ReferenceOf(ConversationRecord record) =>
        JsonSerializer.Deserialize<ConversationReference>(record.ReferenceJson, BotJson.Options)
        ?? throw new InvalidOperationException("A stored conversation reference could not be read.");
}
