namespace StaffConductAssistant.Identity;

/// <summary>
/// Who holds which role. In Azure, SLT is an Entra ID group and the Headmistress a user, both named by object id.
/// In local mode (Development, no bot app id), <see cref="Users"/> maps the Agents Playground's users to roles.
/// </summary>
public sealed class RolesOptions
{
    public const string Section = "Roles";

    /// <summary>Object id of the Entra ID group whose (transitive) members are SLT.</summary>
    public string? SltGroupId { get; set; }

    /// <summary>Object id of the Headmistress's user account.</summary>
    public string? HeadmistressUserId { get; set; }

    /// <summary>Local mode only: Entra object id → comma-separated roles (Staff, Slt, Headmistress).</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a directory answer is trusted before asking Graph again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(5);
}
