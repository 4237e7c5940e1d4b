using System.Net.Http.Json;
using System.Text.Json;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Features.ConcernsTab;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>Issue 15: the tab's list answers one page at a time, in the database's order, and the pages add up to every match.</summary>
public sealed class ConcernListPagingTests : IAsyncLifetime
{
    private static readonly int[] OverdueDays = [9, 5];
    private TabApiHost host = null!;

    public async Task InitializeAsync() => host = await TabApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_list_pages_through_every_concern_overdue_first_then_newest_and_counts_every_overdue_one()
    {
        const int count = 2 * ConcernEndpoints.PageSize + 7;
        var now = DateTimeOffset.UtcNow;
        await host.App.WithDbAsync(async db =>
        {
            for (var i = 0; i < count; i++)
            {
                db.Concerns.Add(TabData.Concern("Year 4", $"Parent {i % 9}", People.Teacher, CaseState.Logged, now.AddHours(-i)));
            }

            // Two proposals waiting longer than Decisions:RemindAfter (2 days), logged long ago: they must lead page one.
            foreach (var days in OverdueDays)
            {
                var overdue = TabData.Concern("Year 5", "Late Parent", People.Teacher, CaseState.Proposed, now.AddDays(-30 - days));
                overdue.ProposedAt = now.AddDays(-days);
                db.Concerns.Add(overdue);
            }

            await db.SaveChangesAsync();
            return 0;
        });

        using var slt = host.As(People.Slt);
        var rows = new List<JsonElement>();
        int? next = 0;
        var pages = 0;
        while (next is { } offset)
        {
            var page = await slt.GetFromJsonAsync<JsonElement>($"api/tab/concerns?offset={offset}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= ConcernEndpoints.PageSize);
            Assert.Equal(2, page.GetProperty("overdue").GetInt32());
            rows.AddRange(items);
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetInt32();
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(count + 2, rows.Select(r => r.GetProperty("id").GetInt32()).Distinct().Count());
        Assert.True(rows[0].GetProperty("overdue").GetBoolean() && rows[1].GetProperty("overdue").GetBoolean());
        Assert.True(rows[0].GetProperty("proposedAt").GetDateTimeOffset() < rows[1].GetProperty("proposedAt").GetDateTimeOffset(), "the longest-waiting proposal first");
        var logged = rows.Skip(2).Select(r => r.GetProperty("loggedAt").GetDateTimeOffset()).ToList();
        Assert.Equal(logged.OrderDescending(), logged);
    }
}
