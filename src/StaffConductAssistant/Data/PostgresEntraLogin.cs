using Azure.Core;
using Azure.Identity;
using Npgsql;

namespace StaffConductAssistant.Data;

/// <summary>
/// Microsoft Entra sign-in to Azure Database for PostgreSQL: the password is an access token of a managed identity for
/// the server's Entra resource (Learn: "Connect with managed identity to Azure Database for PostgreSQL"). Azure.Identity
/// caches the token and renews it before it expires; Npgsql asks again every few minutes, so new connections never use
/// an expired one. Existing connections stay open when their token expires.
/// </summary>
public static class PostgresEntraLogin
{
    public const string Scope = "https://ossrdbms-aad.database.windows.net/.default";

    public static TokenCredential ManagedIdentity(string clientId) =>
        new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    public static NpgsqlDataSourceBuilder UseTokensOf(this NpgsqlDataSourceBuilder builder, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UsePeriodicPasswordProvider(
            async (_, cancellationToken) => (await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false)).Token,
            successRefreshInterval: TimeSpan.FromMinutes(5),
            failureRefreshInterval: TimeSpan.FromSeconds(10));
    }
}
