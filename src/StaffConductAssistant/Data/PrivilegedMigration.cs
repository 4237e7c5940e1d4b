using Azure.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace StaffConductAssistant.Data;

/// <summary>
/// PostgreSQL in Azure: the app's own role may only read and write rows, so migrations run at start under a privileged
/// role (the server's Microsoft Entra administrator, Database:MigrationUsername), which then makes sure the app's role
/// (the connection string's Username) exists and has exactly SELECT, INSERT, UPDATE and DELETE on the tables it created.
/// Every step is idempotent; EF Core applies only the migrations that are missing.
/// </summary>
public static class PrivilegedMigration
{
    /// <param name="credential">Signs the privileged role in with Entra tokens; null: the connection string's own password.</param>
    public static async Task RunAsync(DatabaseOptions options, TokenCredential? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var appRole = app.Username ?? throw new InvalidOperationException("Database:ConnectionString must name the app's role (Username).");
        if (string.Equals(appRole, options.MigrationUsername, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Database:MigrationUsername must be a different role from the app's own (the connection string's Username).");
        }

        var privileged = new NpgsqlConnectionStringBuilder(options.ConnectionString) { Username = options.MigrationUsername };
        privileged.Remove("Password");

        // 1. The schema, as the privileged role: it owns every table.
        await using (var dataSource = Build(privileged.ConnectionString, credential))
        {
            var dbOptions = new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(dataSource).Options;
            await using var db = new PostgresAppDbContext(dbOptions);
            await db.Database.MigrateAsync(cancellationToken);
        }

        // 2. The app's role, created for its managed identity if it is not there yet. Roles belong to the server; the
        //    pgaadauth functions are run from the postgres database, as Learn's "Manage Microsoft Entra roles" does.
        await using (var dataSource = Build(new NpgsqlConnectionStringBuilder(privileged.ConnectionString) { Database = "postgres" }.ConnectionString, credential))
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (!await RoleExistsAsync(connection, appRole, cancellationToken))
            {
                if (string.IsNullOrWhiteSpace(options.AppRoleObjectId))
                {
                    throw new InvalidOperationException($"The app's database role does not exist and Database:AppRoleObjectId is not set to create it.");
                }

                await using var create = new NpgsqlCommand("SELECT * FROM pgaadauth_create_principal_with_oid(@role, @oid, 'service', false, false)", connection);
                create.Parameters.AddWithValue("role", appRole);
                create.Parameters.AddWithValue("oid", options.AppRoleObjectId);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // 3. Its grants: rows only. No CREATE on the schema, no ownership, no TRUNCATE. Connecting to the database and
        //    using schema public it has from PostgreSQL's defaults for PUBLIC; the privileged role owns the tables and
        //    sequences it just created, so it may grant on them (not on a database or schema someone else owns).
        await using (var dataSource = Build(privileged.ConnectionString, credential))
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            var role = Quote(appRole);
            await using var grant = new NpgsqlCommand(
                $"""
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
                """,
                connection);
            await grant.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static NpgsqlDataSource Build(string connectionString, TokenCredential? credential)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (credential is not null)
        {
            builder.UseTokensOf(credential);
        }

        return builder.Build();
    }

    private static async Task<bool> RoleExistsAsync(NpgsqlConnection connection, string role, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = @role", connection);
        command.Parameters.AddWithValue("role", role);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>A role or database name as a quoted SQL identifier (GRANT takes no parameters).</summary>
    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
