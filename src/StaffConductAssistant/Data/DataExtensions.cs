using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace StaffConductAssistant.Data;

public static class DataExtensions
{
    public static IServiceCollection AddAppData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        // Pooled contexts: every card click and activity reads the database, and a pooled context saves building one each time.
        if (string.Equals(options.Provider, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            services.AddDbContextPool<PostgresAppDbContext>(o => o.UseNpgsql(options.ConnectionString));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<PostgresAppDbContext>());
        }
        else
        {
            services.AddDbContextPool<SqliteAppDbContext>(o => o.UseSqlite(options.ConnectionString));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
        }

        return services;
    }

    /// <summary>Creates the database if needed and applies every migration before the app serves a request.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        _ = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
    }
}
