namespace StaffConductAssistant.Graph;

/// <summary>Reads a Teams message and the original email forwarded into it, through Microsoft Graph.</summary>
public interface ITeamsMessageReader
{
    /// <summary>
    /// Never throws for Graph errors, missing configuration, time-outs or cancellation: every outcome is a
    /// status with a plain-English <see cref="OriginalEmailResult.Problem"/>. A cancelled token ends the read
    /// promptly with <see cref="OriginalEmailStatus.Failed"/>.
    /// </summary>
    Task<OriginalEmailResult> ReadOriginalEmailAsync(TeamsMessageLocation location, CancellationToken ct);
}

/// <summary>Directory checks used for roles (e.g. is this user in the SLT group, counting nested groups).</summary>
public interface IDirectoryGraph
{
    /// <summary>
    /// True when the user is a direct or transitive member of the group. Throws <see cref="GraphUnavailableException"/>
    /// when Graph isn't configured or fails, so callers can't mistake "unknown" for "not a member".
    /// </summary>
    Task<bool> IsTransitiveMemberAsync(string userObjectId, string groupObjectId, CancellationToken ct);

    /// <summary>Which of the groups the user is a direct or transitive member of, in one request. Throws like <see cref="IsTransitiveMemberAsync"/>.</summary>
    Task<IReadOnlySet<string>> MemberGroupsAsync(string userObjectId, IReadOnlyCollection<string> groupObjectIds, CancellationToken ct);

    /// <summary>The object ids and display names of the tenant's users with this surname (to learn which staff a concern names).</summary>
    Task<IReadOnlyList<(string Id, string DisplayName)>> UsersWithSurnameAsync(string surname, CancellationToken ct);
}

public sealed class GraphUnavailableException : Exception
{
    public GraphUnavailableException()
    {
    }

    public GraphUnavailableException(string message)
        : base(message)
    {
    }

    public GraphUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
