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
        var roles = new HashSet<StaffRole>();
        if (string.Equals(options.Value.HeadmistressUserId, userObjectId, StringComparison.OrdinalIgnoreCase))
        {
            roles.Add(StaffRole.Headmistress);
        }

        if (!string.IsNullOrWhiteSpace(options.Value.SltGroupId)
            && await graph.IsTransitiveMemberAsync(userObjectId, options.Value.SltGroupId, cancellationToken).ConfigureAwait(false))
        {
            roles.Add(StaffRole.Slt);
        }

        return roles;
    }
}
