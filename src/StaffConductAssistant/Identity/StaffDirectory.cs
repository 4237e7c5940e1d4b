using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;

namespace StaffConductAssistant.Identity;

/// <summary>The seam to the school's directory (Microsoft Graph in Azure; configuration in local mode).</summary>
public interface IDirectoryRoles
{
    /// <summary>The directory roles (Staff, SLT, Headmistress) of a user; never the acting Headmistress, which the app itself records.</summary>
    Task<IReadOnlySet<StaffRole>> GetDirectoryRolesAsync(string userObjectId, CancellationToken cancellationToken);
}

/// <summary>
/// Resolves a user's roles: the directory's, plus acting Headmistress while an appointment by the
/// Headmistress is in force. Directory answers are cached for <see cref="RolesOptions.CacheFor"/>.
/// </summary>
public sealed class StaffDirectory(IDirectoryRoles directory, AppDbContext db, IMemoryCache cache, IOptions<RolesOptions> options, TimeProvider clock)
{
    public async Task<StaffMember> GetAsync(string? userObjectId, CancellationToken cancellationToken)
    {
        // An Entra object id is a GUID (the Playground's test ids are GUID-like): anything else is nobody, and never
        // becomes a directory lookup or an entry in the role cache.
        if (string.IsNullOrWhiteSpace(userObjectId) || userObjectId.Length > 40 || !userObjectId.All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            return StaffMember.Nobody;
        }

        var key = "roles:" + userObjectId.ToLowerInvariant();
        var directoryRoles = await cache.GetOrCreateAsync(key, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = options.Value.CacheFor;
            return await directory.GetDirectoryRolesAsync(userObjectId, cancellationToken);
        }) ?? new HashSet<StaffRole>();

        // Staff only as the directory says: a guest or a pupil in the school's tenant has no role, and is refused.
        var roles = new HashSet<StaffRole>(directoryRoles);
        if (!roles.Contains(StaffRole.Staff))
        {
            return new StaffMember(userObjectId, roles);
        }

        var now = clock.GetUtcNow();
        var acting = await db.ActingHeadAppointments
            .Where(a => a.UserId == userObjectId && a.RevokedAt == null)
            .ToListAsync(cancellationToken);
        if (acting.Any(a => a.From <= now && now < a.Until))
        {
            roles.Add(StaffRole.ActingHeadmistress);
        }

        var decider = options.Value.DeciderWhenHeadmistressNamed;
        return new StaffMember(userObjectId, roles, !string.IsNullOrWhiteSpace(decider) && string.Equals(decider, userObjectId, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Local mode: roles from configuration (Roles:Users), for the Agents Playground's users.</summary>
public sealed class ConfiguredDirectoryRoles(IOptions<RolesOptions> options) : IDirectoryRoles
{
    public Task<IReadOnlySet<StaffRole>> GetDirectoryRolesAsync(string userObjectId, CancellationToken cancellationToken)
    {
        var roles = new HashSet<StaffRole>();
        if (options.Value.Users.TryGetValue(userObjectId, out var configured))
        {
            // Every configured user is on the staff.
            roles.Add(StaffRole.Staff);
            foreach (var part in configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Enum.TryParse<StaffRole>(part, ignoreCase: true, out var role) && role != StaffRole.ActingHeadmistress)
                {
                    roles.Add(role);
                }
            }
        }

        if (string.Equals(options.Value.HeadmistressUserId, userObjectId, StringComparison.OrdinalIgnoreCase))
        {
            roles.Add(StaffRole.Headmistress);
            roles.Add(StaffRole.Staff);
        }

        if (string.Equals(options.Value.DslUserId, userObjectId, StringComparison.OrdinalIgnoreCase))
        {
            roles.Add(StaffRole.Dsl);
            roles.Add(StaffRole.Staff);
        }

        return Task.FromResult<IReadOnlySet<StaffRole>>(roles);
    }
}
