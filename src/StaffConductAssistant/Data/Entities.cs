namespace StaffConductAssistant.Data;

/// <summary>
/// A conversation the bot has been added to, kept so the app can message it later (proactively).
/// <see cref="ReferenceJson"/> holds the full Bot Framework ConversationReference as received.
/// </summary>
public sealed class ConversationRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public required string ServiceUrl { get; set; }

    public required string ConversationId { get; set; }

    public required string ChannelId { get; set; }

    /// <summary>personal, groupChat or channel.</summary>
    public string? ConversationType { get; set; }

    public string? TenantId { get; set; }

    /// <summary>The Entra object id of the user in a personal conversation; null for channels and group chats.</summary>
    public string? UserAadObjectId { get; set; }

    public string? TeamId { get; set; }

    public required string ReferenceJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? WelcomedAt { get; set; }
}

/// <summary>One recorded step: who did what, when, to which subject. Ids only, never personal data in free text.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public DateTimeOffset At { get; set; }

    public required string ActorId { get; set; }

    public required string ActorRole { get; set; }

    public required string Action { get; set; }

    /// <summary>What the step was about, for example "case:42" or "roster:year-4".</summary>
    public required string Subject { get; set; }

    public string? FromState { get; set; }

    public string? ToState { get; set; }

    public string? Reason { get; set; }

    /// <summary>The activity id of the card the step came from, if any.</summary>
    public string? CardActivityId { get; set; }

    public string? DetailsJson { get; set; }

    /// <summary>Position in the one audit chain (1, 2, 3…), assigned when the entry is saved (<see cref="AuditChain"/>).</summary>
    public long? Seq { get; set; }

    /// <summary>SHA-256 (hex) of the entry before this one; the genesis value for the first.</summary>
    public string? PrevHash { get; set; }

    /// <summary>SHA-256 (hex) of <see cref="PrevHash"/> and this entry's canonical content.</summary>
    public string? Hash { get; set; }
}

/// <summary>
/// The one row that holds the end of the audit chain. Every append updates it first, which serialises writers
/// (a row lock in PostgreSQL, the write lock in SQLite), and it lets verify notice entries deleted from the end.
/// </summary>
public sealed class AuditChainHead
{
    public int Id { get; set; }

    public long LastSeq { get; set; }

    public required string LastHash { get; set; }

    /// <summary>
    /// The retention checkpoint: entries up to this place were removed when their retention ended (oldest first, never
    /// from the middle), and the chain now starts after it. 0 when nothing was ever removed.
    /// </summary>
    public long PrunedThroughSeq { get; set; }

    /// <summary>The hash of the last removed entry: the "previous hash" the first kept entry must follow.</summary>
    public string PrunedThroughHash { get; set; } = AuditChain.Genesis;
}

/// <summary>A small app-wide setting, for example the SLT channel's conversation reference.</summary>
public sealed class AppSetting
{
    public required string Key { get; set; }

    public required string Value { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }
}
