using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace StaffConductAssistant.Data;

public static class DataExtensions
{
    public static IServiceCollection AddAppData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        // Pooled contexts: every card click and activity reads the database, and a pooled context saves building one each time.
        if (options.IsPostgres)
        {
            // In Azure the app signs in as its managed identity (Entra authentication): the token is the password.
            var credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId) ? null : PostgresEntraLogin.ManagedIdentity(options.ManagedIdentityClientId);
            services.AddDbContextPool<PostgresAppDbContext>(o => o.UseNpgsql(options.ConnectionString, npgsql =>
            {
                if (credential is not null)
                {
                    npgsql.ConfigureDataSource(dataSource => dataSource.UseTokensOf(credential));
                }
            }));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
        }
        else
        {
            // SQLite adds a foreign key by rebuilding the table, which EF runs outside the migration's transaction (PRAGMA
            // foreign_keys = 0) and warns about on every fresh database; on the single local file that is expected, not news.
            services.AddDbContextPool<SqliteAppDbContext>(o => o.UseSqlite(options.ConnectionString).AddInterceptors(SqliteBusyTimeout.Instance)
                .ConfigureWarnings(w => w.Ignore(RelationalEventId.NonTransactionalMigrationOperationWarning)));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
        }

        return services;
    }

    /// <summary>
    /// Creates the database if needed and applies every migration before the app serves a request: with the app's own login,
    /// or, when Database:MigrationUsername is set (Azure), with that privileged login (<see cref="PrivilegedMigration"/>).
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (options.HasMigrationLogin)
        {
            var credential = string.IsNullOrWhiteSpace(options.MigrationManagedIdentityClientId) ? null : PostgresEntraLogin.ManagedIdentity(options.MigrationManagedIdentityClientId);
            await PrivilegedMigration.RunAsync(options, credential, app.Lifetime.ApplicationStopping);
            await using var appScope = app.Services.CreateAsyncScope();
            await AuditChain.SealEntriesBeforeTheChainAsync(appScope.ServiceProvider.GetRequiredService<AppDbContext>(), app.Lifetime.ApplicationStopping);
            await ParentLinks.LinkUnlinkedAsync(appScope.ServiceProvider.GetRequiredService<AppDbContext>(), app.Lifetime.ApplicationStopping);
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!options.IsPostgres)
        {
            SqliteFile.CreateForOwnerOnly(options.ConnectionString);
        }

        // Checked, not skipped: the applied migrations are compared with the app's (one query). Only when one is missing
        // does Migrate run, with its lock, its check that the model has no unmigrated changes, and the migrations; on an
        // up-to-date database that work (a write and a model diff) would only delay the first answer.
        if ((await db.Database.GetPendingMigrationsAsync()).Any())
        {
            await db.Database.MigrateAsync();
        }

        await AuditChain.SealEntriesBeforeTheChainAsync(db, app.Lifetime.ApplicationStopping);

        // Concerns logged before parents had records (issue 11) get one; nothing to do once all are linked.
        await ParentLinks.LinkUnlinkedAsync(db, app.Lifetime.ApplicationStopping);
    }
}
