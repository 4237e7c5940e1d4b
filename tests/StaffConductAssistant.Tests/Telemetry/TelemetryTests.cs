using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StaffConductAssistant.Tests.Infrastructure;
using static StaffConductAssistant.Tests.Features.DecisionScenario;

namespace StaffConductAssistant.Tests.Telemetry;

/// <summary>
/// OpenTelemetry through the front door: the whole loop with the sample emails (logged, pasted into a chat, proposed,
/// approved, the letter sent through the Graph stand-in) exported to memory, then every span, metric tag and log
/// searched for anything personal from the emails.
/// </summary>
/// <remarks>
/// Alone: OpenTelemetry listens to meters by name across the process, so another test's app running at the same time
/// would add its decisions and invokes to these counts.
/// </remarks>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task The_whole_loop_is_traced_and_counted_and_no_name_address_or_quote_from_the_emails_reaches_telemetry()
    {
        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        var logs = new List<LogRecord>();
        await using var app = await SignedBotApp.StartAsync(
            new Dictionary<string, string?> { ["Letters:SenderMailbox"] = "office@stjohnspriory.example" },
            services: s =>
            {
                s.ConfigureOpenTelemetryTracerProvider(b => b.AddInMemoryExporter(spans));
                s.ConfigureOpenTelemetryMeterProvider(b => b.AddInMemoryExporter(metrics));
                s.ConfigureOpenTelemetryLoggerProvider(b => b.AddInMemoryExporter(logs));
            });

        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.TeacherId));
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.SltMemberId));
        await app.SendAsync(Activities.PersonalInstall(SignedBotApp.HeadmistressId));
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(Activities.ChannelMessage(SignedBotApp.SltMemberId, "use this channel for concerns", SltChannelId))).StatusCode);

        var secrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var teacher = app.TabClient(SignedBotApp.TeacherId);
        var ids = new List<int>();
        foreach (var file in Directory.GetFiles(TestPaths.SampleEmails, "*.eml").Order(StringComparer.Ordinal))
        {
            var raw = await File.ReadAllBytesAsync(file);
            AddPeople(secrets, MimeMessage.Load(new MemoryStream(raw)));

            // The email pasted into the bot's chat, as staff do in the Playground.
            var pasted = MimeMessage.Load(new MemoryStream(raw)).TextBody ?? string.Empty;
            await app.SendAsync(Activities.PersonalMessage(SignedBotApp.TeacherId, pasted));

            using var content = new ByteArrayContent(raw);
            content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
            var draftResponse = await teacher.PostAsync("/api/email-drafts", content);
            Assert.Equal(HttpStatusCode.OK, draftResponse.StatusCode);
            var draft = (await draftResponse.Content.ReadFromJsonAsync<JsonObject>())!;
            AddDraft(secrets, draft);
            if (draft["postedBy"] is null || draft["conduct"]!.AsArray().Count == 0)
            {
                continue; // not a concern (the lost kit)
            }

            var logged = await teacher.PostAsJsonAsync("/api/concerns", new JsonObject
            {
                ["draftId"] = draft["draftId"]!.GetValue<string>(),
                ["group"] = draft["group"]?.GetValue<string>() ?? "Year 4",
                // A concern is about one parent (issue 11): "Steve Rowe and Imran Malik" is logged about the first.
                ["postedBy"] = draft["postedBy"]!.GetValue<string>().Split(" and ")[0],
                ["quote"] = draft["quote"]?.GetValue<string>() ?? "Words from the group",
                ["conduct"] = draft["conduct"]!.DeepClone(),
                ["reporterName"] = draft["reporter"]?["name"]?.GetValue<string>() ?? "A parent",
                ["childAtRisk"] = false,
            });
            Assert.True(logged.StatusCode == HttpStatusCode.Created, await logged.Content.ReadAsStringAsync());
            ids.Add((await logged.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<int>());
        }

        await SettleAsync(app);
        Assert.True(ids.Count >= 4, $"{ids.Count} concerns logged from the samples");

        // SLT propose a letter to the parent who posted, named and addressed from the email; the Headmistress approves.
        var first = await ConcernAsync(app, ids[0]);
        var recipient = first.PostedBy.Replace(' ', '.').ToLowerInvariant() + "@parents.example.org";
        secrets.Add(recipient);
        var letter = $"Dear {first.PostedBy},\n\nWe write about your post: \"{first.Quote}\".\n\nMrs Michelle Jenkin";
        await InvokeAsync(app, Execute(SignedBotApp.SltMemberId, "propose", ProposeData(await DataAsync(app, ids[0]), letterText: letter, recipient: recipient), SltChannelId, "channel"));
        await SettleAsync(app);
        var approve = CardData(HeadmistressCard(app).Json!["attachments"]![0]!["content"]!, "approve");
        await InvokeAsync(app, Execute(SignedBotApp.HeadmistressId, "approve", approve));
        await SettleAsync(app);
        Assert.Single(app.Graph.SentMail);

        // The tabs: the list, the overview, a case page.
        var slt = app.TabClient(SignedBotApp.SltMemberId);
        Assert.Equal(HttpStatusCode.OK, (await slt.GetAsync("/api/tab/concerns")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await slt.GetAsync("/api/tab/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await slt.GetAsync($"/api/tab/concerns/{ids[0]}")).StatusCode);

        foreach (var provider in new IDisposable?[] { app.App.Services.GetService<TracerProvider>(), app.App.Services.GetService<MeterProvider>(), app.App.Services.GetService<LoggerProvider>() })
        {
            switch (provider)
            {
                case TracerProvider t: t.ForceFlush(); break;
                case MeterProvider m: m.ForceFlush(); break;
                case LoggerProvider l: l.ForceFlush(); break;
                default: Assert.Fail("An OpenTelemetry provider is missing."); break;
            }
        }

        // What was exported, as text: every span's name, tags, events and status; every metric's name and tags; every
        // log's category, message, attributes and exception.
        // The stand-ins for Graph, the connector and Entra are ASP.NET Core servers in this process too: their server
        // spans are the stand-ins' own, not the app's, and are left out.
        var appPort = app.App.BaseAddress.Port;
        spans.RemoveAll(s => s.Kind == ActivityKind.Server && s.GetTagItem("server.port") is int port && port != appPort);
        var exported = new StringBuilder();
        lock (spans)
        {
            foreach (var s in spans)
            {
                exported.Append(s.Source.Name).Append(' ').Append(s.DisplayName).Append(' ').Append(s.StatusDescription).AppendLine();
                foreach (var (k, v) in s.EnumerateTagObjects())
                {
                    exported.Append(k).Append('=').Append(v).AppendLine();
                }

                foreach (var e in s.Events)
                {
                    exported.Append(e.Name).AppendLine();
                    foreach (var (k, v) in e.EnumerateTagObjects())
                    {
                        exported.Append(k).Append('=').Append(v).AppendLine();
                    }
                }
            }
        }

        foreach (var m in metrics)
        {
            exported.Append(m.MeterName).Append(' ').Append(m.Name).AppendLine();
            foreach (var point in m.MetricPoints)
            {
                foreach (var (k, v) in point.Tags)
                {
                    exported.Append(k).Append('=').Append(v).AppendLine();
                }
            }
        }

        foreach (var l in logs)
        {
            exported.Append(l.CategoryName).Append(' ').Append(l.FormattedMessage).Append(' ').Append(l.Body).Append(' ').Append(l.Exception).AppendLine();
            foreach (var (k, v) in l.Attributes ?? [])
            {
                exported.Append(k).Append('=').Append(v).AppendLine();
            }
        }

        var text = exported.ToString();

        // It is all there: requests, the bot's spans with the card verb, the outbox's letter, the decision, the invoke timing.
        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (s.GetTagItem("url.path") as string) == "/api/messages");
        Assert.Contains(spans, s => s.Source.Name == "StaffConductAssistant" && (s.GetTagItem("card.verb") as string) == "approve");
        Assert.Contains(spans, s => s.Source.Name == "StaffConductAssistant" && (s.GetTagItem("outbox.kind") as string) == StaffConductAssistant.Features.CarryOutAction.CarryOutHandler.LetterKind);
        Assert.Contains(spans, s => s.Kind == ActivityKind.Client && ((s.GetTagItem("url.full") as string) ?? string.Empty).EndsWith("/v1.0/users/{id}/sendMail", StringComparison.Ordinal));
        Assert.Contains(metrics, m => m.Name == "sca.decisions" && m.MetricPoints.Any(p => HasTag(p, "Approve") && p.GetSumLong() >= 1));
        Assert.Contains(metrics, m => m.Name == "sca.bot.invoke.duration" && m.MetricPoints.Any(p => HasTag(p, "propose")));
        Assert.Contains(metrics, m => m.Name == "sca.outbox.runs");
        Assert.Contains(metrics, m => m.Name == "http.server.request.duration");
        Assert.NotEmpty(logs);

        // The database is not traced: no SQL text, with or without literal values.
        Assert.DoesNotContain(spans, s => s.GetTagItem("db.statement") is not null || s.GetTagItem("db.query.text") is not null);

        // And nothing personal: names, addresses, the quotes (whole and in part), the letter.
        Assert.True(secrets.Count > 20, $"only {secrets.Count} things to look for");
        var leaks = secrets.Where(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaks.Count == 0, "Personal data in telemetry: " + string.Join(" | ", leaks) + "\n" + string.Join("\n", text.Split('\n').Where(line => leaks.Any(l => line.Contains(l, StringComparison.OrdinalIgnoreCase))).Take(20)));
    }

    [Fact]
    public async Task A_malformed_Application_Insights_connection_string_stops_the_app_at_start_naming_the_setting()
    {
        await using var app = new AppHost("Production", new Dictionary<string, string?>
        {
            ["Bot:AppId"] = TestTokenIssuer.DefaultAppId,
            ["Telemetry:ApplicationInsightsConnectionString"] = "not-a-connection-string",
        });

        var error = Record.Exception(() => app.BaseAddress);

        Assert.NotNull(error);
        Assert.True(error.ToString().Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", StringComparison.Ordinal), error.ToString());
    }

    [Theory]
    [InlineData("/teams/v3/conversations/a%3Apersonal-head/activities/activity-1", "/teams/v3/conversations/{id}/activities/{id}")]
    [InlineData("/v1.0/users/office@stjohnspriory.example/sendMail", "/v1.0/users/{id}/sendMail")]
    [InlineData("/v1.0/shares/u!aHR0cHM6Ly9zY2hvb2wuc2hhcmVwb2ludC5jb20vTXJzIE9rYWZvci5lbWw/driveItem/content", "/v1.0/shares/{id}/driveItem/content")]
    public void Outgoing_call_paths_keep_their_shape_only(string path, string shape) =>
        Assert.Equal(shape, StaffConductAssistant.Hosting.TelemetryServices.PathShape(path));

    private static bool HasTag(MetricPoint point, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Value as string == value)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddPeople(HashSet<string> secrets, MimeMessage message)
    {
        foreach (var mailbox in message.From.Mailboxes.Concat(message.To.Mailboxes).Concat(message.Cc.Mailboxes).Concat(message.ReplyTo.Mailboxes))
        {
            AddText(secrets, mailbox.Name);
            AddText(secrets, mailbox.Address);
        }

        AddText(secrets, message.Subject);
    }

    private static void AddDraft(HashSet<string> secrets, JsonObject draft)
    {
        AddText(secrets, draft["reporter"]?["name"]?.GetValue<string>());
        AddText(secrets, draft["reporter"]?["email"]?.GetValue<string>());
        AddText(secrets, draft["postedBy"]?.GetValue<string>());
        foreach (var key in new[] { "namedChildren", "namedStaff" })
        {
            foreach (var n in draft[key]?.AsArray() ?? [])
            {
                AddText(secrets, n?.GetValue<string>());
            }
        }

        // The quote whole, and each run of 24 characters of it, so a truncated copy is caught too.
        var quote = draft["quote"]?.GetValue<string>();
        AddText(secrets, quote);
        for (var i = 0; quote is not null && i + 24 <= quote.Length; i += 12)
        {
            AddText(secrets, quote.Substring(i, 24));
        }
    }

    private static void AddText(HashSet<string> secrets, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && value.Trim().Length >= 4)
        {
            secrets.Add(value.Trim());
        }
    }
}
