using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;

namespace StaffConductAssistant.Tests.Data;

/// <summary>
/// The audit trail is one hash chain: rows edited, deleted or inserted straight in the database (not through the app)
/// are found by verify, which names the first broken entry, on SQLite and on PostgreSQL; concurrent writers never fork it.
/// </summary>
public sealed class AuditChainTests
{
    public static TheoryData<string, long?, string> Tampering => new()
    {
        // kind, the entry verify must name (null: one with no place in the chain), words of its problem
        { "edit", 2, "content was changed" },
        { "edit-and-rehash", 3, "does not follow" },
        { "delete", 2, "missing" },
        { "delete-last", 4, "deleted from its end" },
        { "insert-outside", null, "inserted outside the chain" },
        { "insert-at-end", 5, "last written at #4" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Verify_names_the_first_entry_tampered_with_in_SQLite(string kind, long? brokenSeq, string problem)
    {
        await using var app = new AppHost("Production", new Dictionary<string, string?> { ["Bot:AppId"] = TestTokenIssuer.DefaultAppId });
        _ = app.BaseAddress;
        await TamperAndVerifyAsync(app, kind, brokenSeq, problem, postgres: false);
    }

    [PostgresFact]
    public async Task Verify_names_the_first_entry_tampered_with_in_PostgreSQL()
    {
        foreach (var row in Tampering)
        {
            await using var database = await PostgresDatabase.CreateAsync();
            await using var app = new AppHost("Production", new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Postgres",
                ["Database:ConnectionString"] = database.ConnectionString,
                ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
                ["App:PublicBaseUrl"] = "https://conduct.example.test/",
            });
            _ = app.BaseAddress;
            await TamperAndVerifyAsync(app, (string)row[0], (long?)row[1], (string)row[2], postgres: true);
        }
    }

    [Fact]
    public async Task Concurrent_writers_on_SQLite_never_fork_the_chain() =>
        await ConcurrentWritersAsync(new AppHost("Production", new Dictionary<string, string?> { ["Bot:AppId"] = TestTokenIssuer.DefaultAppId }));

    [PostgresFact]
    public async Task Concurrent_writers_on_PostgreSQL_never_fork_the_chain()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await ConcurrentWritersAsync(new AppHost("Production", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
            ["App:PublicBaseUrl"] = "https://conduct.example.test/",
        }));
    }

    /// <summary>
    /// The bug that took this chain off main: audited saves mixed with plain ones (a conversation's refresh, a settings
    /// write) arriving together got "database is locked" at once on SQLite. All of them must wait their turn and succeed.
    /// </summary>
    [Fact]
    public async Task Audited_and_plain_saves_arriving_together_on_SQLite_all_succeed_and_keep_the_chain() =>
        await MixedSavesAsync(new AppHost("Production", new Dictionary<string, string?> { ["Bot:AppId"] = TestTokenIssuer.DefaultAppId }));

    [PostgresFact]
    public async Task Audited_and_plain_saves_arriving_together_on_PostgreSQL_all_succeed_and_keep_the_chain()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await MixedSavesAsync(new AppHost("Production", new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = database.ConnectionString,
            ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
            ["App:PublicBaseUrl"] = "https://conduct.example.test/",
        }));
    }

    /// <summary>A double click: the second save of the same record loses on its version; its chain transaction must not stay open.</summary>
    [Fact]
    public async Task A_losing_concurrent_edit_leaves_no_transaction_open_and_the_next_save_goes_through()
    {
        await using var app = new AppHost("Production", new Dictionary<string, string?> { ["Bot:AppId"] = TestTokenIssuer.DefaultAppId });
        _ = app.BaseAddress;
        var id = await app.WithDbAsync(async db =>
        {
            var m = new Moderator { Group = "Year 4", ParentName = "A parent", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
            db.Moderators.Add(m);
            await db.SaveChangesAsync();
            return m.Id;
        });

        await using var firstScope = app.Services.CreateAsyncScope();
        await using var secondScope = app.Services.CreateAsyncScope();
        var first = firstScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var second = secondScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var a = await first.Moderators.SingleAsync(m => m.Id == id);
        var b = await second.Moderators.SingleAsync(m => m.Id == id);
        a.Contact = "first";
        a.Version++;
        AuditLog.Record(first, "first", "Slt", "roster.edit", AuditSubjects.Moderator(id), DateTimeOffset.UtcNow);
        await first.SaveChangesAsync();
        b.Contact = "second";
        b.Version++;
        AuditLog.Record(second, "second", "Slt", "roster.edit", AuditSubjects.Moderator(id), DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        Assert.Null(second.Database.CurrentTransaction);
        var clock = Stopwatch.StartNew();
        await app.WithDbAsync(db =>
        {
            AuditLog.Record(db, "third", "Slt", AuditActions.Viewed, AuditSubjects.Moderator(id), DateTimeOffset.UtcNow);
            return db.SaveChangesAsync();
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the next save waited {clock.Elapsed} for a lock the loser kept");
        var result = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        Assert.True(result.Intact, result.FirstBreak?.ToString());
        Assert.Equal(2, result.Entries);
    }

    [Fact]
    public async Task The_command_line_verify_exits_non_zero_naming_the_edited_entry()
    {
        var directory = Directory.CreateTempSubdirectory("sca-audit-cli-").FullName;
        var file = Path.Combine(directory, "app.db");
        try
        {
            await using (var app = new AppHost("Production", new Dictionary<string, string?>
            {
                ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
                ["Database:ConnectionString"] = $"Data Source={file}",
            }))
            {
                _ = app.BaseAddress;
                await WriteEntriesAsync(app, 3);
                Assert.Equal((0, "intact"), await RunVerifyAsync(file));

                // Straight into the file, as someone with the database would.
                await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
                await connection.OpenAsync();
                await using var edit = new SqliteCommand("UPDATE \"AuditEntries\" SET \"ActorId\" = 'someone-else' WHERE \"Seq\" = 2", connection);
                Assert.Equal(1, await edit.ExecuteNonQueryAsync());
            }

            SqliteConnection.ClearAllPools();
            var (exit, output) = await RunVerifyAsync(file);
            Assert.Equal(1, exit);
            Assert.Contains("broken at entry #2", output, StringComparison.Ordinal);
            Assert.Contains("content was changed", output, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task SLT_check_the_chain_from_the_tab_and_see_where_it_broke_and_others_are_refused()
    {
        await using var host = await TabApiHost.StartAsync();
        var concern = await host.App.AddAsync(TabData.Concern("Year 4", "Daniel Price", People.Teacher));
        for (var i = 0; i < 3; i++)
        {
            // Each opening of the case is recorded: the trail grows through the app's own front door.
            Assert.Equal(HttpStatusCode.OK, (await host.As(People.Slt).GetAsync($"api/tab/concerns/{concern.Id}")).StatusCode);
        }

        var refused = await host.As(People.Teacher).PostAsync("api/tab/audit/verify", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var intact = await (await host.As(People.Slt).PostAsync("api/tab/audit/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(intact.GetProperty("intact").GetBoolean());
        Assert.True(intact.GetProperty("entries").GetInt64() >= 3);

        await host.App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Reason\" = 'rewritten' WHERE \"Seq\" = 2"));

        var broken = await (await host.As(People.Slt).PostAsync("api/tab/audit/verify", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(2, broken.GetProperty("brokenSeq").GetInt64());
        Assert.Contains("entry #2", broken.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_canonical_form_is_fixed_field_order_JSON_and_the_hash_covers_the_previous_one()
    {
        var entry = new AuditEntry
        {
            Id = Guid.Parse("6f1c1a52-0000-4000-8000-000000000001"), At = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123),
            ActorId = "a", ActorRole = "Slt", Action = "Viewed", Subject = "concern:1", Seq = 7, Reason = "\"quoted\"",
        };

        Assert.Equal("[7,\"6f1c1a52-0000-4000-8000-000000000001\",1700000000123,\"a\",\"Slt\",\"Viewed\",\"concern:1\",null,null,\"\\u0022quoted\\u0022\",null,null]",
            AuditChain.Canonical(entry));
        Assert.NotEqual(AuditChain.HashOf(AuditChain.Genesis, entry), AuditChain.HashOf(new string('1', 64), entry));
        Assert.Equal(64, AuditChain.HashOf(AuditChain.Genesis, entry).Length);
    }

    private static async Task TamperAndVerifyAsync(AppHost app, string kind, long? brokenSeq, string problem, bool postgres)
    {
        await WriteEntriesAsync(app, 4);
        Assert.True((await app.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None))).Intact);

        var sql = kind switch
        {
            "edit" => "UPDATE \"AuditEntries\" SET \"ActorId\" = 'someone-else' WHERE \"Seq\" = 2",
            "delete" => "DELETE FROM \"AuditEntries\" WHERE \"Seq\" = 2",
            "delete-last" => "DELETE FROM \"AuditEntries\" WHERE \"Seq\" = 4",
            "insert-outside" => "INSERT INTO \"AuditEntries\" (\"Id\", \"At\", \"ActorId\", \"ActorRole\", \"Action\", \"Subject\") " +
                                "SELECT {0}, \"At\", \"ActorId\", \"ActorRole\", 'Viewed', \"Subject\" FROM \"AuditEntries\" WHERE \"Seq\" = 2",
            _ => null,
        };
        var inserted = Guid.NewGuid();
        if (sql is not null)
        {
            object id = postgres ? inserted : inserted.ToString().ToUpperInvariant();
            var changed = await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(sql, id));
            Assert.True(changed >= 1);
        }
        else
        {
            // A forger who knows the scheme: rehashes the row they edited, or appends a well-formed entry after the last.
            await app.WithDbAsync(async db =>
            {
                var rows = await db.AuditEntries.AsNoTracking().Where(e => e.Seq != null).OrderBy(e => e.Seq).ToListAsync();
                if (kind == "edit-and-rehash")
                {
                    var target = rows[1];
                    target.ActorId = "someone-else";
                    var hash = AuditChain.HashOf(target.PrevHash!, target);
                    return await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"ActorId\" = 'someone-else', \"Hash\" = {0} WHERE \"Seq\" = 2", hash);
                }

                var last = rows[^1];
                var forged = new AuditEntry { Id = inserted, At = last.At, ActorId = last.ActorId, ActorRole = last.ActorRole, Action = "Viewed", Subject = last.Subject, Seq = 5, PrevHash = last.Hash };
                forged.Hash = AuditChain.HashOf(last.Hash!, forged);
                object id = postgres ? inserted : inserted.ToString().ToUpperInvariant();
                return await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO \"AuditEntries\" (\"Id\", \"At\", \"ActorId\", \"ActorRole\", \"Action\", \"Subject\", \"Seq\", \"PrevHash\", \"Hash\") " +
                    "SELECT {0}, \"At\", \"ActorId\", \"ActorRole\", 'Viewed', \"Subject\", 5, {1}, {2} FROM \"AuditEntries\" WHERE \"Seq\" = 4",
                    id, forged.PrevHash!, forged.Hash);
            });
        }

        var result = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
        Assert.False(result.Intact, kind);
        Assert.Equal(brokenSeq, result.FirstBreak!.Seq);
        Assert.Contains(problem, result.FirstBreak.Problem, StringComparison.Ordinal);
        if (kind == "insert-outside")
        {
            Assert.Equal(inserted, result.FirstBreak.EntryId);
        }
    }

    private static async Task WriteEntriesAsync(AppHost app, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await app.WithDbAsync(async db =>
            {
                AuditLog.Record(db, "actor-" + i, "Slt", AuditActions.Viewed, AuditSubjects.Case(100 + i), DateTimeOffset.UtcNow, "{\"n\":" + i + "}");
                return await db.SaveChangesAsync();
            });
        }
    }

    private static async Task ConcurrentWritersAsync(AppHost app)
    {
        await using (app)
        {
            _ = app.BaseAddress;
            const int writers = 6;
            const int each = 10;
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < each; i++)
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    // Two entries in one save, so a writer's entries interleave with the others' only between saves.
                    AuditLog.Record(db, "writer-" + w, "Slt", AuditActions.Viewed, AuditSubjects.Case(w), DateTimeOffset.UtcNow);
                    AuditLog.Record(db, "writer-" + w, "Slt", AuditActions.Shared, AuditSubjects.Case(w), DateTimeOffset.UtcNow);
                    await db.SaveChangesAsync();
                }
            })));

            var result = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
            Assert.True(result.Intact, result.FirstBreak?.ToString());
            Assert.Equal(writers * each * 2, result.Entries);
        }
    }

    private static async Task MixedSavesAsync(AppHost app)
    {
        await using (app)
        {
            _ = app.BaseAddress;
            const int workers = 16;
            const int rounds = 8;
            await app.WithDbAsync(db =>
            {
                db.Settings.AddRange(Enumerable.Range(0, workers).Select(w => new AppSetting { Key = "mixed-" + w, Value = "0" }));
                return db.SaveChangesAsync();
            });

            // Each worker alternates an audited save (chained) with a plain tracked update (EF's autocommit UPDATE …
            // RETURNING: the statement whose closing COMMIT was not retried) and a read, all at once with the others.
            var failures = await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                var errors = new List<string>();
                for (var i = 0; i < rounds; i++)
                {
                    try
                    {
                        await using var scope = app.Services.CreateAsyncScope();
                        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                        AuditLog.Record(db, "worker-" + w, "Slt", AuditActions.Viewed, AuditSubjects.Case(w), DateTimeOffset.UtcNow);
                        await db.SaveChangesAsync();
                        var setting = await db.Settings.SingleAsync(x => x.Key == "mixed-" + w);
                        setting.Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        setting.UpdatedAt = DateTimeOffset.UtcNow;
                        await db.SaveChangesAsync();
                        _ = await db.AuditEntries.CountAsync();
                    }
                    catch (Exception ex)
                    {
                        errors.Add(ex.GetType().Name + ": " + (ex.InnerException ?? ex).Message);
                    }
                }

                return errors;
            })));

            Assert.Empty(failures.SelectMany(f => f));
            var result = await app.WithDbAsync(db => AuditChain.VerifyAsync(db, CancellationToken.None));
            Assert.True(result.Intact, result.FirstBreak?.ToString());
            Assert.Equal(workers * rounds, result.Entries);
        }
    }

    private static async Task<(int Exit, string Output)> RunVerifyAsync(string databaseFile)
    {
        var dll = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("audit");
        start.ArgumentList.Add("verify");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__ConnectionString"] = $"Data Source={databaseFile}";
        start.Environment["Bot__AppId"] = TestTokenIssuer.DefaultAppId;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + await error;
        return (process.ExitCode, process.ExitCode == 0 && text.Contains("intact", StringComparison.Ordinal) ? "intact" : text);
    }
}
