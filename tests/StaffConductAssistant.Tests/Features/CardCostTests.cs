using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Features;

/// <summary>
/// Issue 15: refreshing a real case's card costs the same with 1 concern held as with 5,000, measured without a clock:
/// the SQL commands the request runs, the rows it reads, and SQLite's plan for each command (no table scan of the
/// tables that grow with the school, no sort of a whole table). bench/bot measures the same case's time (README.md).
/// </summary>
public sealed partial class CardCostTests
{
    private static readonly string[] Conduct = ["abusive-personal-comments", "grievances-about-people", "bullying", "threatening-behaviour", "bringing-school-into-disrepute"];

    /// <summary>Tables whose size grows with the number of concerns.</summary>
    private static readonly string[] Growing = ["Concerns", "AuditEntries", "CasePeople", "ConcernActions", "Evidence", "SentCards", "Outbox"];

    [Fact]
    public async Task Refreshing_a_cases_card_with_5000_concerns_runs_the_same_commands_reads_bounded_rows_and_scans_no_growing_table()
    {
        var counter = new SqlCounter();
        await using var app = await SignedBotApp.StartAsync(services: s => s.ConfigureDbContext<SqliteAppDbContext>(o => o.AddInterceptors(counter)));
        var id = await LogConcernAsync(app);
        var refresh = Execute(SignedBotApp.SltMemberId, "refreshCase", await DataAsync(app, id));

        await InvokeAsync(app, refresh);
        var one = await MeasureAsync(app, counter, refresh);

        await SeedAsync(app, 4_999);
        Assert.Equal(5_000, await app.App.WithDbAsync(db => db.Concerns.CountAsync()));
        await InvokeAsync(app, refresh);
        var many = await MeasureAsync(app, counter, refresh);

        // The card really considers the seeded cases (else the comparison proves nothing): full history and precedents.
        Assert.Contains(many.Commands, c => c.Rows >= CaseView.MaxHistory);
        Assert.Equal(one.Commands.Count, many.Commands.Count);

        // At most the history and precedents the card considers, plus the view each refresh adds to the case's trail.
        Assert.True(
            many.Rows <= one.Rows + CaseView.MaxHistory + CaseView.MaxPrecedents + 2,
            $"1 concern: {one.Rows} rows; 5,000 concerns: {many.Rows} rows.\n{string.Join("\n", many.Commands.Select(c => $"{c.Rows,5} {c.Text}"))}");

        var connection = app.App.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
        foreach (var command in many.Commands)
        {
            var plan = await PlanAsync(connection, command);
            var aliases = Aliases().Matches(command.Text).ToDictionary(m => m.Groups["alias"].Value, m => m.Groups["table"].Value, StringComparer.Ordinal);
            foreach (var step in plan)
            {
                Assert.DoesNotContain("USE TEMP B-TREE FOR ORDER BY", step, StringComparison.Ordinal);
                if (BareScan().Match(step) is { Success: true } scan)
                {
                    var table = aliases.GetValueOrDefault(scan.Groups["name"].Value, scan.Groups["name"].Value);
                    Assert.True(!Growing.Contains(table), $"A full scan of {table}:\n{string.Join("\n", plan)}\n{command.Text}");
                }
            }
        }
    }

    private static async Task<Measure> MeasureAsync(SignedBotApp app, SqlCounter counter, System.Text.Json.Nodes.JsonObject refresh)
    {
        await SettleAsync(app);
        counter.Start();
        await InvokeAsync(app, refresh);
        var commands = counter.Stop();
        return new Measure(commands, commands.Sum(c => c.Rows));
    }

    /// <summary>200 parents, the case's parent among them, over two years; every state; a trail for each concern; 2,000 views of the case.</summary>
    private static Task<int> SeedAsync(SignedBotApp app, int count) => app.App.WithDbAsync(async db =>
    {
        var now = app.Now;
        var states = Enum.GetValues<CaseState>();
        var parents = Enumerable.Range(0, 200).Select(i => i == 0 ? "Dan Price" : $"Parent {i:000}").ToArray();
        for (var i = 0; i < count; i++)
        {
            var parent = parents[i % parents.Length];
            var concern = new Concern
            {
                LoggedAt = now.AddHours(-2 - (i * 3.5)),
                LoggedByUserId = SignedBotApp.TeacherId,
                ReporterName = "A parent",
                ReporterEmail = $"parent{i % parents.Length}@example.org",
                Group = $"Year {(i % 6) + 1}",
                PostedBy = parent,
                PostedByKey = ConcernLists.ParentKey(parent),
                Quote = "Seeded concern text.",
                ConductIdsJson = ConcernLists.Write([Conduct[i % Conduct.Length], Conduct[(i / 7) % Conduct.Length]]),
                State = states[i % states.Length],
                UpdatedAt = now,
            };
            db.Concerns.Add(concern);
            if (i % 500 == 499)
            {
                await db.SaveChangesAsync();
            }
        }

        await db.SaveChangesAsync();
        var ids = await db.Concerns.Where(c => c.Id != 1).Select(c => c.Id).ToListAsync();
        foreach (var caseId in ids)
        {
            foreach (var action in new[] { AuditActions.Viewed, AuditActions.Viewed, AuditActions.EvidenceDownloaded })
            {
                db.AuditEntries.Add(new AuditEntry { At = now, ActorId = SignedBotApp.SltMemberId, ActorRole = "Slt", Action = action, Subject = AuditSubjects.Case(caseId) });
            }
        }

        // The case itself has been looked at many times (every refresh of every copy is a view in its trail): the
        // card shows only the latest steps, so the views must not be read.
        for (var v = 0; v < 2_000; v++)
        {
            db.AuditEntries.Add(new AuditEntry { At = now.AddSeconds(-v), ActorId = SignedBotApp.SltMemberId, ActorRole = "Slt", Action = AuditActions.Viewed, Subject = AuditSubjects.Case(1) });
        }

        await db.SaveChangesAsync();
        return 0;
    });

    private static async Task<List<string>> PlanAsync(string connectionString, Command command)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + command.Text;
        foreach (var (name, value) in command.Parameters)
        {
            explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var steps = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }

    [GeneratedRegex("\"(?<table>\\w+)\" AS \"(?<alias>\\w+)\"")]
    private static partial Regex Aliases();

    /// <summary>"SCAN c" (every row) but not "SCAN c USING INDEX …" (in index order, stopped by the LIMIT).</summary>
    [GeneratedRegex("^SCAN (?<name>\\w+)$")]
    private static partial Regex BareScan();

    private sealed record Measure(IReadOnlyList<Command> Commands, int Rows);

    private sealed record Command(string Text, IReadOnlyList<(string Name, object? Value)> Parameters, int Rows);

    /// <summary>The commands the app runs while started, with the rows each reader returned; the outbox loop's polls left out.</summary>
    private sealed class SqlCounter : DbCommandInterceptor
    {
        private readonly Lock gate = new();
        private List<Command>? commands;

        public void Start()
        {
            lock (gate)
            {
                commands = [];
            }
        }

        public List<Command> Stop()
        {
            lock (gate)
            {
                var done = commands!;
                commands = null;
                return done;
            }
        }

        // Disposing, not closing: EF reports it for sync and async readers alike, with the rows read.
        public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
        {
            Add(command, eventData.ReadCount);
            return result;
        }

        public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
        {
            Add(command, 0);
            return result;
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Add(command, 0);
            return ValueTask.FromResult(result);
        }

        public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
        {
            Add(command, 1);
            return result;
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Add(command, 1);
            return ValueTask.FromResult(result);
        }

        private void Add(DbCommand command, int rows)
        {
            if (command.CommandText.Contains("\"Outbox\"", StringComparison.Ordinal))
            {
                return;
            }

            var parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
            lock (gate)
            {
                commands?.Add(new Command(command.CommandText, parameters, rows));
            }
        }
    }
}
