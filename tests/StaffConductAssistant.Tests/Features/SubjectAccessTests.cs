using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;
using StaffConductAssistant.Tests.Tab;
using Xunit.Abstractions;

namespace StaffConductAssistant.Tests.Features;

/// <summary>Issue 11: a parent's subject access ZIP, through the front door: every item there, third parties hidden.</summary>
public sealed class SubjectAccessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TabApiHost host = null!;

    public async Task InitializeAsync() => host = await TabApiHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>The Year 4 sample: Hannah Okafor reports Daniel Price, with a screenshot; logged from the email with its draft.</summary>
    private Task<int> LogSampleAsync() => LogSampleAsync(host);

    internal static async Task<int> LogSampleAsync(TabApiHost host)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml")));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        var draft = (await (await host.As(People.Teacher).PostAsync("/api/email-drafts", content)).Content.ReadFromJsonAsync<JsonObject>())!;
        var form = ParentRecordTests.Form(draft["postedBy"]!.GetValue<string>(), group: draft["group"]!.GetValue<string>(), quote: draft["quote"]!.GetValue<string>());
        form["draftId"] = draft["draftId"]!.GetValue<string>();
        form["reporterName"] = draft["reporter"]!["name"]!.GetValue<string>();
        form["reporterEmail"] = draft["reporter"]!["email"]!.GetValue<string>();
        form["namedChildren"] = draft["namedChildren"]!.DeepClone();
        return await ParentRecordTests.LogAsync(host, People.Teacher, form);
    }

    internal static Dictionary<string, string> Open(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open(), Encoding.UTF8);
            return reader.ReadToEnd();
        });
    }

    [Fact]
    public async Task A_parents_subject_access_ZIP_opens_with_every_item_and_the_third_parties_hidden()
    {
        var fromEmail = await LogSampleAsync();
        await ParentRecordTests.LogAsync(host, People.OtherTeacher, ParentRecordTests.Form("Kelly Dawson", quote: "Kelly's own post."));
        var secondForm = ParentRecordTests.Form("Daniel Price", quote: "Daniel said Kelly Dawson and Mr Turner should be ashamed; write to kelly@example.org.");
        secondForm["namedStaff"] = new JsonArray("Mr Turner");
        var second = await ParentRecordTests.LogAsync(host, People.OtherTeacher, secondForm);
        var parent = await host.App.WithDbAsync(db => db.Concerns.Where(c => c.Id == fromEmail).Select(c => c.ParentId!.Value).SingleAsync());
        Assert.Equal(parent, await host.App.WithDbAsync(db => db.Concerns.Where(c => c.Id == second).Select(c => c.ParentId!.Value).SingleAsync()));

        var preview = (await (await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/subject-access/preview", new { })).Content.ReadFromJsonAsync<JsonObject>())!;
        var response = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/subject-access", new { unredact = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var files = Open(await response.Content.ReadAsByteArrayAsync());
        var index = files["index.html"];
        foreach (var id in new[] { fromEmail, second })
        {
            Assert.Contains($"Concern {id}:", index, StringComparison.Ordinal);
        }

        Assert.Contains("Daniel Price", index, StringComparison.Ordinal);
        Assert.Contains("[another parent", index, StringComparison.Ordinal);
        var email = Assert.Single(files, f => f.Key.StartsWith($"concern-{fromEmail}/", StringComparison.Ordinal) && f.Key.EndsWith("original-email.eml.txt", StringComparison.Ordinal)).Value;
        Assert.Contains("Daniel Price", email, StringComparison.Ordinal);
        Assert.Contains("whatsapp-screenshot.png: withheld", index, StringComparison.Ordinal);
        var everything = string.Concat(files.Values);
        foreach (var third in new[] { "Hannah Okafor", "hannah.okafor@", "Kelly Dawson", "kelly@example.org", "Turner", "Oliver" })
        {
            Assert.False(everything.Contains(third, StringComparison.Ordinal), $"{third} is in the download");
        }

        var labels = preview["redactions"]!.AsArray().Select(r => r!["label"]!.GetValue<string>()).ToList();
        Assert.Contains("Hannah Okafor", labels);
        Assert.Contains("Kelly Dawson", labels);
        Assert.Contains(labels, l => l.StartsWith("whatsapp-screenshot.png", StringComparison.Ordinal));
        var exported = await host.App.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == ParentAudit.Subject(parent) && e.Action == ParentAudit.SubjectAccessExported).CountAsync());
        Assert.Equal(1, exported);
    }

    [Fact]
    public async Task SLT_can_show_a_hidden_name_and_release_a_withheld_file_with_a_reason_which_is_recorded_without_the_name()
    {
        var concern = await LogSampleAsync();
        var parent = await host.App.WithDbAsync(db => db.Concerns.Where(c => c.Id == concern).Select(c => c.ParentId!.Value).SingleAsync());
        var preview = (await (await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/subject-access/preview", new { })).Content.ReadFromJsonAsync<JsonObject>())!;
        var items = preview["redactions"]!.AsArray();
        var hannah = items.Single(r => r!["label"]!.GetValue<string>() == "Hannah Okafor")!["key"]!.GetValue<string>();
        var screenshot = items.Single(r => r!["label"]!.GetValue<string>().StartsWith("whatsapp-screenshot.png", StringComparison.Ordinal))!["key"]!.GetValue<string>();

        var noReason = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/subject-access", new { unredact = new[] { new { key = hannah, reason = "" } } });
        var response = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/subject-access",
            new { unredact = new[] { new { key = hannah, reason = "She consented in writing." }, new { key = screenshot, reason = "Shows only his own post." } } });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var files = Open(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains("Hannah Okafor", files.Single(f => f.Key.EndsWith("original-email.eml.txt", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
        Assert.Contains(files.Keys, k => k.EndsWith("whatsapp-screenshot.png", StringComparison.Ordinal));
        var trail = await host.App.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == ParentAudit.Subject(parent) && e.Action == ParentAudit.Unredacted).ToListAsync());
        Assert.Equal(2, trail.Count);
        Assert.Contains(trail, e => e.Reason == "She consented in writing." && e.ActorId == People.Slt);
        Assert.All(trail, e => Assert.DoesNotContain("Hannah", e.DetailsJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_teacher_cannot_preview_or_download_a_parents_records()
    {
        var concern = await LogSampleAsync();
        var parent = await host.App.WithDbAsync(db => db.Concerns.Where(c => c.Id == concern).Select(c => c.ParentId!.Value).SingleAsync());

        var preview = await host.As(People.Teacher).PostAsJsonAsync($"/api/tab/parents/{parent}/subject-access/preview", new { });
        var export = await host.As(People.Teacher).PostAsJsonAsync($"/api/tab/parents/{parent}/subject-access", new { });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (preview.StatusCode, export.StatusCode));
        Assert.DoesNotContain("Daniel Price", await preview.Content.ReadAsStringAsync() + await export.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await host.App.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == ParentAudit.SubjectAccessExported)));
    }

    /// <summary>
    /// A measurement, not a timed test: 50 concerns, each with the sample email and its screenshot, exported once; the
    /// figure is printed for bench/README.md. It fails only at the issue's own limit of 60 s.
    /// </summary>
    [Fact]
    public async Task A_parent_with_50_concerns_and_their_emails_is_exported_well_under_a_minute()
    {
        var first = await LogSampleAsync();
        await host.App.WithDbAsync(async db =>
        {
            var seed = await db.Concerns.Include(c => c.Evidence).AsNoTracking().SingleAsync(c => c.Id == first);
            for (var i = 1; i < 50; i++)
            {
                db.Concerns.Add(new Concern
                {
                    LoggedAt = seed.LoggedAt.AddDays(-i), UpdatedAt = seed.UpdatedAt, LoggedByUserId = People.Teacher, Group = seed.Group,
                    PostedBy = seed.PostedBy, PostedByKey = seed.PostedByKey, ParentId = seed.ParentId, Quote = seed.Quote, ReporterName = seed.ReporterName,
                    ConductIdsJson = seed.ConductIdsJson, NamedChildrenJson = seed.NamedChildrenJson,
                    Evidence = [.. seed.Evidence.Select(e => new ConcernEvidence { Kind = e.Kind, FileName = e.FileName, ContentType = e.ContentType, Size = e.Size, Sha256 = e.Sha256, Content = e.Content })],
                });
            }

            return await db.SaveChangesAsync();
        });
        var parent = await host.App.WithDbAsync(db => db.Concerns.Where(c => c.Id == first).Select(c => c.ParentId!.Value).SingleAsync());

        var clock = Stopwatch.StartNew();
        var response = await host.As(People.Slt).PostAsJsonAsync($"/api/tab/parents/{parent}/subject-access", new { });
        var zip = await response.Content.ReadAsByteArrayAsync();
        clock.Stop();

        output.WriteLine($"Subject access export, 50 concerns with email and screenshot each: {clock.ElapsedMilliseconds} ms, {zip.Length / 1024} KB ZIP");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(50, Open(zip)["index.html"].Split("<section id=\"concern-").Length - 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
    }
}
