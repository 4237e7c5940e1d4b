using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.Data;

/// <summary>The app on PostgreSQL, as in Azure: migrations apply and the things that must hold on SQLite hold here too.</summary>
public sealed class PostgresTests
{
    [PostgresFact]
    public async Task The_app_migrates_a_new_PostgreSQL_database_at_start_and_stores_a_concern()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppHost("Production", Settings(database));
        _ = app.BaseAddress;

        var concern = await app.AddAsync(TabData.Concern("Year 4", "Daniel Price", People.Teacher));
        var loaded = await app.WithDbAsync(db => db.Concerns.SingleAsync(c => c.Id == concern.Id));

        Assert.Equal("Year 4", loaded.Group);
        Assert.Equal(CaseState.Logged, loaded.State);
        Assert.Equal(concern.LoggedAt.ToUniversalTime(), loaded.LoggedAt.ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    [PostgresFact]
    public async Task Two_decisions_on_the_same_version_record_only_one_on_PostgreSQL()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var app = new AppHost("Production", Settings(database));
        _ = app.BaseAddress;
        var concern = await app.AddAsync(TabData.Concern("Year 6", "Craig Mercer", People.Teacher, CaseState.Proposed));

        await using var scopeA = app.Services.CreateAsyncScope();
        await using var scopeB = app.Services.CreateAsyncScope();
        var a = scopeA.ServiceProvider.GetRequiredService<AppDbContext>();
        var b = scopeB.ServiceProvider.GetRequiredService<AppDbContext>();
        var first = await a.Concerns.SingleAsync(c => c.Id == concern.Id);
        var second = await b.Concerns.SingleAsync(c => c.Id == concern.Id);
        first.State = CaseState.Approved;
        first.Version++;
        second.State = CaseState.Rejected;
        second.Version++;

        await a.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => b.SaveChangesAsync());
        Assert.Equal(CaseState.Approved, (await app.WithDbAsync(db => db.Concerns.SingleAsync(c => c.Id == concern.Id))).State);
    }

    private static Dictionary<string, string?> Settings(PostgresDatabase database) => new()
    {
        ["Database:Provider"] = "Postgres",
        ["Database:ConnectionString"] = database.ConnectionString,
        ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
        ["App:PublicBaseUrl"] = "https://conduct.example.test/",
    };
}
