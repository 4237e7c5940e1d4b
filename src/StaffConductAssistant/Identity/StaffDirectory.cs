using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;

namespace StaffConductAssistant.Identity;

/// <summary>Who is asking, and in which roles they may act. Every feature asks this before it acts.</summary>
public sealed record StaffMember(string UserId, IReadOnlySet<StaffRole> Roles)
{
    public bool Has(StaffRole role) => Roles.Contains(role);

    public bool IsSlt => Has(StaffRole.Slt);

    /// <summary>The Headmistress, or the acting Headmistress during her appointment.</summary>
    public bool CanDecide => Has(StaffRole.Headmistress) || Has(StaffRole.ActingHeadmistress);

    /// <summary>The role a decision is recorded under: the Headmistress's own, else the acting Headmistress's.</summary>
    public StaffRole DecidingRole => Has(StaffRole.Headmistress) ? StaffRole.Headmistress : StaffRole.ActingHeadmistress;

    public Actor As(StaffRole role) => Has(role)
        ? new Actor(UserId, role)
        : throw new InvalidOperationException($"The user does not hold the role {role}.");
}

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
        if (string.IsNullOrWhiteSpace(userObjectId))
        {
            return new StaffMember(string.Empty, new HashSet<StaffRole>());
        }

        var key = "roles:" + userObjectId.ToLowerInvariant();
        var directoryRoles = await cache.GetOrCreateAsync(key, async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = options.Value.CacheFor;
            return await directory.GetDirectoryRolesAsync(userObjectId, cancellationToken);
        }) ?? new HashSet<StaffRole>();

        // Everyone in the school's tenant who reaches the app is staff (inbound authentication checks the tenant).
        var roles = new HashSet<StaffRole>(directoryRoles) { StaffRole.Staff };
        var now = clock.GetUtcNow();
        var acting = await db.ActingHeadAppointments
            .Where(a => a.UserId == userObjectId && a.RevokedAt == null)
            .ToListAsync(cancellationToken);
        if (acting.Any(a => a.From <= now && now < a.Until))
        {
            roles.Add(StaffRole.ActingHeadmistress);
        }

        return new StaffMember(userObjectId, roles);
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
        }

        return Task.FromResult<IReadOnlySet<StaffRole>>(roles);
    }
}
