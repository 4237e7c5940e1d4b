using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;

namespace StaffConductAssistant.Features.SltChannelSetup;

/// <summary>
/// The SLT channel: where concern cards go. An SLT member sets it by telling the bot in that channel;
/// the app keeps the channel's conversation record. SLT can also turn off the bot's "looks like a concern" replies.
/// </summary>
public static class SltChannel
{
    public const string ChannelKey = "slt-channel";
    public const string SuggestionsKey = "suggest-concerns";

    /// <summary>Outbox work: post the open concerns logged before the channel was set.</summary>
    public const string BacklogKind = "slt-channel.backlog";

    public static async Task<ConversationRecord?> GetAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var setting = await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == ChannelKey, cancellationToken);
        return setting is null || !Guid.TryParse(setting.Value, out var id)
            ? null
            : await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    public static Task SetAsync(AppDbContext db, ConversationRecord channel, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        SetSettingAsync(db, ChannelKey, channel.Id.ToString(), userId, now, cancellationToken);

    public static async Task<bool> SuggestionsOnAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var setting = await db.Settings.AsNoTracking().SingleOrDefaultAsync(s => s.Key == SuggestionsKey, cancellationToken);
        return setting is null || setting.Value != "off";
    }

    public static Task SetSuggestionsAsync(AppDbContext db, bool on, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        SetSettingAsync(db, SuggestionsKey, on ? "on" : "off", userId, now, cancellationToken);

    private static async Task SetSettingAsync(AppDbContext db, string key, string value, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var setting = await db.Settings.SingleOrDefaultAsync(s => s.Key == key, cancellationToken);
        if (setting is null)
        {
            setting = new AppSetting { Key = key, Value = value };
            db.Settings.Add(setting);
        }

        setting.Value = value;
        setting.UpdatedAt = now;
        setting.UpdatedBy = userId;
        await db.SaveChangesAsync(cancellationToken);
    }
}
