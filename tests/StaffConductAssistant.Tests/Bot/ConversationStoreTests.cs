using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Bot;

public sealed class ConversationStoreTests : IAsyncLifetime, IDisposable
{
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    // Whole seconds: SQLite keeps 0.1 ms.
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        await connection.OpenAsync();
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => connection.Dispose();

    [Fact]
    public async Task The_same_conversation_again_soon_after_is_not_written_again()
    {
        var first = await UpsertAsync(TeamsActivities.Message());
        clock.Advance(TimeSpan.FromMinutes(1));

        var second = await UpsertAsync(TeamsActivities.Message(text: "another message"));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.UpdatedAt, await StoredUpdatedAtAsync());
    }

    [Fact]
    public async Task An_unchanged_conversation_is_touched_again_after_the_refresh_interval()
    {
        await UpsertAsync(TeamsActivities.Message());
        clock.Advance(ConversationStore.UnchangedRefreshInterval);

        await UpsertAsync(TeamsActivities.Message());

        Assert.Equal(clock.GetUtcNow(), await StoredUpdatedAtAsync());
    }

    [Fact]
    public async Task A_changed_reference_is_written_at_once()
    {
        await UpsertAsync(TeamsActivities.Message());
        clock.Advance(TimeSpan.FromSeconds(5));

        await UpsertAsync(TeamsActivities.Message(tenantId: "11111111-2222-3333-4444-555555555555"));

        await using var db = NewContext();
        var stored = await db.Conversations.SingleAsync();
        Assert.Equal("11111111-2222-3333-4444-555555555555", stored.TenantId);
        Assert.Equal(clock.GetUtcNow(), stored.UpdatedAt);
    }

    private async Task<ConversationRecord> UpsertAsync(string activityJson)
    {
        await using var db = NewContext();
        var activity = JsonSerializer.Deserialize<Activity>(activityJson, BotJson.Options)!;
        return await new ConversationStore(db, clock).UpsertAsync(activity, CancellationToken.None);
    }

    private async Task<DateTimeOffset> StoredUpdatedAtAsync()
    {
        await using var db = NewContext();
        return (await db.Conversations.SingleAsync()).UpdatedAt;
    }

    private SqliteAppDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connection).Options);
}
