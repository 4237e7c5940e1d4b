using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Graph;

namespace StaffConductAssistant.Identity;

/// <summary>
/// Roles from the school's Entra ID: SLT = a transitive member of the group <see cref="RolesOptions.SltGroupId"/>,
/// the Headmistress = the user <see cref="RolesOptions.HeadmistressUserId"/>. <see cref="StaffDirectory"/> caches
/// the answer for <see cref="RolesOptions.CacheFor"/>; a Graph failure throws <see cref="GraphUnavailableException"/>
/// (never cached), so "could not check" is never mistaken for "not SLT".
/// </summary>
public sealed class GraphDirectoryRoles(IDirectoryGraph graph, IOptions<RolesOptions> options) : IDirectoryRoles
{
    public async Task<IReadOnlySet<StaffRole>> GetDirectoryRolesAsync(string userObjectId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var groups = new[] { o.StaffGroupId, o.SltGroupId, o.DslGroupId }.Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        // One checkMemberGroups call for every group the app cares about.
        var member = await graph.MemberGroupsAsync(userObjectId, groups, cancellationToken).ConfigureAwait(false);
        var roles = new HashSet<StaffRole>();
        if (Is(o.StaffGroupId))
        {
            roles.Add(StaffRole.Staff);
        }

        if (Is(o.SltGroupId))
        {
            roles.Add(StaffRole.Slt);
        }

        if (Is(o.DslGroupId) || Same(o.DslUserId, userObjectId))
        {
            roles.Add(StaffRole.Dsl);
        }

        if (Same(o.HeadmistressUserId, userObjectId))
        {
            roles.Add(StaffRole.Headmistress);
        }

        // SLT, the DSL and the Headmistress are staff whether or not IT also put them in the staff group.
        if (roles.Count > 0)
        {
            roles.Add(StaffRole.Staff);
        }

        return roles;

        bool Is(string? group) => !string.IsNullOrWhiteSpace(group) && member.Contains(group);
    }

    private static bool Same(string? a, string b) => !string.IsNullOrWhiteSpace(a) && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
