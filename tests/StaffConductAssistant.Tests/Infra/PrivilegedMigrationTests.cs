using Microsoft.EntityFrameworkCore;
using Npgsql;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.Infra;

/// <summary>
/// The Azure database set-up on a real PostgreSQL: migrations run as a privileged role, and the app's own role ends up
/// able to read and write rows and nothing else. (In Azure both roles sign in with Entra tokens; CI's server trusts
/// loopback, so the token is only carried, not checked.)
/// </summary>
public class PrivilegedMigrationTests
{
    [PostgresFact]
    public async Task MigrationsRunAsThePrivilegedRoleAndTheAppsRoleCanOnlyReadAndWriteRows()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var appRole = "sca_app_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(database.ConnectionString, $"CREATE ROLE \"{appRole}\" LOGIN");
        try
        {
            var privileged = new NpgsqlConnectionStringBuilder(database.ConnectionString);
            var options = new DatabaseOptions
            {
                Provider = "Postgres",
                ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = appRole }.ConnectionString,
                MigrationUsername = privileged.Username,
            };
            var credential = new FakeTokenCredential("entra-token");

            await PrivilegedMigration.RunAsync(options, credential, CancellationToken.None);
            await PrivilegedMigration.RunAsync(options, credential, CancellationToken.None); // every start: idempotent

            Assert.Contains(credential.Scopes, s => s.SequenceEqual([PostgresEntraLogin.Scope]));
            await using var app = new NpgsqlConnection(options.ConnectionString);
            await app.OpenAsync();
            var tables = await ScalarAsync<long>(app, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
            Assert.True(tables > 5, $"only {tables} tables were created");
            Assert.Equal(tables, await ScalarAsync<long>(app, $"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND has_table_privilege('{appRole}', format('%I.%I', schemaname, tablename), 'SELECT, INSERT, UPDATE, DELETE')"));
            Assert.Equal(0, await ScalarAsync<long>(app, $"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND (tableowner = '{appRole}' OR has_table_privilege('{appRole}', format('%I.%I', schemaname, tablename), 'TRUNCATE'))"));
            Assert.True(await ScalarAsync<long>(app, "SELECT count(*) FROM \"__EFMigrationsHistory\"") > 0);

            var create = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(app, "CREATE TABLE sneaky (id int)"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, create.SqlState);
            var drop = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(app, "DROP TABLE \"__EFMigrationsHistory\""));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, drop.SqlState);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(database.ConnectionString, $"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \"{appRole}\"; REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM \"{appRole}\"");
            await using var server = new NpgsqlConnection(PostgresDatabase.ServerConnectionString);
            await server.OpenAsync();
            await ExecuteAsync(server, $"DROP ROLE IF EXISTS \"{appRole}\"");
        }
    }

    [PostgresFact]
    public async Task TheAppStartsWithAMigrationLoginAndWorksAsARoleThatOnlyReadsAndWritesRows()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var appRole = "sca_app_" + Guid.NewGuid().ToString("N")[..8];
        await ExecuteAsync(database.ConnectionString, $"CREATE ROLE \"{appRole}\" LOGIN");
        try
        {
            // The Azure settings, less the managed identities (CI's server trusts loopback logins).
            await using (var app = new AppHost("Production", new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:ConnectionString"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = appRole }.ConnectionString,
                ["Database:MigrationUsername"] = new NpgsqlConnectionStringBuilder(database.ConnectionString).Username,
                ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
                ["App:PublicBaseUrl"] = "https://conduct.example.test/",
            }))
            {
                _ = app.BaseAddress;

                var concern = await app.AddAsync(TabData.Concern("Year 4", "Daniel Price", People.Teacher));
                Assert.Equal("Year 4", (await app.WithDbAsync(db => db.Concerns.SingleAsync(c => c.Id == concern.Id))).Group);
                Assert.Equal(appRole, await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT current_user AS \"Value\"").SingleAsync()));
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(database.ConnectionString, $"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM \"{appRole}\"; REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM \"{appRole}\"");
            await using var server = new NpgsqlConnection(PostgresDatabase.ServerConnectionString);
            await server.OpenAsync();
            await ExecuteAsync(server, $"DROP ROLE IF EXISTS \"{appRole}\"");
        }
    }

    [PostgresFact]
    public async Task AMissingAppRoleWithNoObjectIdToCreateItStopsTheStartWithTheSettingsName()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var options = new DatabaseOptions
        {
            Provider = "Postgres",
            ConnectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = "sca_nobody_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString,
            MigrationUsername = new NpgsqlConnectionStringBuilder(database.ConnectionString).Username,
        };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PrivilegedMigration.RunAsync(options, null, CancellationToken.None));

        Assert.Contains("Database:AppRoleObjectId", error.Message, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
