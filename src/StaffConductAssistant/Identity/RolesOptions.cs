namespace StaffConductAssistant.Identity;

/// <summary>
/// Who holds which role. In Azure, SLT is an Entra ID group and the Headmistress a user, both named by object id.
/// In local mode (Development, no bot app id), <see cref="Users"/> maps the Agents Playground's users to roles.
/// </summary>
public sealed class RolesOptions
{
    public const string Section = "Roles";

    /// <summary>Object id of the Entra ID group whose (transitive) members are the school's staff; nobody else may use the app.</summary>
    public string? StaffGroupId { get; set; }

    /// <summary>Object id of the Entra ID group whose (transitive) members are SLT.</summary>
    public string? SltGroupId { get; set; }

    /// <summary>Object id of the Headmistress's user account.</summary>
    public string? HeadmistressUserId { get; set; }

    /// <summary>The Designated Safeguarding Lead: an Entra ID group (members see safeguarding concerns).</summary>
    public string? DslGroupId { get; set; }

    /// <summary>The Designated Safeguarding Lead's user: sent every safeguarding concern at once, as a 1:1 card.</summary>
    public string? DslUserId { get; set; }

    /// <summary>
    /// Who decides a case that names the Headmistress (for example the Deputy Head or the Proprietor). Set by IT in
    /// configuration, not in the app, so she cannot choose who decides a case about her.
    /// </summary>
    public string? DeciderWhenHeadmistressNamed { get; set; }

    /// <summary>Entra object id → the person's name, to learn which staff a concern names (added to what Graph finds).</summary>
    public Dictionary<string, string> StaffNames { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Local mode only: Entra object id → comma-separated roles (Staff, Slt, Headmistress, Dsl).</summary>
    public Dictionary<string, string> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The Headmistress's Entra object id, and in local mode every configured user with the Headmistress role.</summary>
    public IReadOnlyList<string> HeadmistressIds() => UsersWith("Headmistress", HeadmistressUserId);

    /// <summary>Who is sent safeguarding concerns: the configured DSL user, and in local mode every configured DSL.</summary>
    public IReadOnlyList<string> DslIds() => UsersWith("Dsl", DslUserId);

    private List<string> UsersWith(string role, string? configured)
    {
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ids.Add(configured.Trim());
        }

        foreach (var (user, roles) in Users)
        {
            if (roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(role, StringComparer.OrdinalIgnoreCase)
                && !ids.Contains(user, StringComparer.OrdinalIgnoreCase))
            {
                ids.Add(user);
            }
        }

        return ids;
    }

    /// <summary>How long a directory answer is trusted before asking Graph again.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromMinutes(5);
}
