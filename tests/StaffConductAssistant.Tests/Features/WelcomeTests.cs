using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Features;

public sealed class WelcomeTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Installing_the_app_stores_the_conversation_and_sends_one_welcome_card()
    {
        var install = Activities.PersonalInstall(SignedBotApp.TeacherId);
        var update = Activities.PersonalMembersAdded(SignedBotApp.TeacherId);

        var first = await app.SendAsync(install);
        var second = await app.SendAsync(update);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var sent = app.Connector.Requests.Where(r => r.Method == "POST" && r.Path.Contains("/activities", StringComparison.Ordinal)).ToList();
        var card = Assert.Single(sent);
        Assert.Equal("/teams/v3/conversations/a%3Apersonal-teacher/activities", card.Path);
        Assert.Equal("Bearer " + FakeTokenCredential.DefaultToken, card.Header("Authorization"));
        var attachment = card.Json!["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Contains("Staff Conduct Assistant", attachment["content"]!.ToJsonString(), StringComparison.Ordinal);
        await AdaptiveCardValidator.AssertValidAsync(attachment["content"]!.ToJsonString());
        var stored = await app.App.WithDbAsync(db => db.Conversations.SingleAsync());
        Assert.Equal(SignedBotApp.TeacherId, stored.UserAadObjectId);
        Assert.Equal(app.ServiceUrl, stored.ServiceUrl);
        Assert.Equal(SignedBotApp.TenantId, stored.TenantId);
        Assert.NotNull(stored.WelcomedAt);
    }

    [Fact]
    public async Task Install_events_arriving_together_store_one_conversation_and_send_one_welcome()
    {
        // Teams and the Agents Playground send both events within milliseconds of each other.
        var users = Enumerable.Range(1, 8).Select(i => $"00000000-0000-0000-0000-0000000001{i:D2}").ToList();

        var responses = await Task.WhenAll(users.SelectMany(u => new[] { Activities.PersonalInstall(u), Activities.PersonalMembersAdded(u) }).Select(a => app.SendAsync(a)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(users.Count, await app.App.WithDbAsync(db => db.Conversations.CountAsync()));
        var welcomes = app.Connector.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();
        Assert.Equal(users.Count, welcomes.Count);
        Assert.Equal(users.Count, welcomes.Select(w => w.Path).Distinct().Count());
    }

    /// <summary>Issue 15: the race above is settled without the database refusing a row, so nothing logs a failure or a stack trace.</summary>
    [Fact]
    public async Task Install_events_arriving_together_log_no_warning_error_or_exception()
    {
        var logs = new CapturedLogs();
        await using var school = await SignedBotApp.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var users = Enumerable.Range(1, 8).Select(i => $"00000000-0000-0000-0000-0000000002{i:D2}").ToList();

        var responses = await Task.WhenAll(users.SelectMany(u => new[] { Activities.PersonalInstall(u), Activities.PersonalMembersAdded(u) }).Select(a => school.SendAsync(a)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(users.Count, await school.App.WithDbAsync(db => db.Conversations.CountAsync()));
        var loud = logs.Entries.Where(e => e.Level >= LogLevel.Warning || e.Exception is not null).ToList();
        Assert.True(loud.Count == 0, string.Join("\n", loud.Select(e => $"{e.Level} {e.Category}: {e.Message} {e.Exception?.GetType().Name}")));
    }

    [Fact]
    public async Task Help_shows_the_welcome_card_again_and_other_text_gets_a_short_reply()
    {
        await app.SendAsync(Activities.PersonalMessage(SignedBotApp.TeacherId, "help"));
        await app.SendAsync(Activities.PersonalMessage(SignedBotApp.TeacherId, "what's the weather?"));

        var sent = app.Connector.Requests.Where(r => r.Method == "POST").Select(r => r.Json!).ToList();
        Assert.Equal(2, sent.Count);
        Assert.NotNull(sent[0]["attachments"]);
        Assert.Contains("Log WhatsApp concern", sent[1]["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_token_is_refused_and_nothing_is_stored_or_sent()
    {
        var forged = app.Issuer.CreateToken(new TestTokenOptions { ServiceUrl = app.ServiceUrl, Audience = "someone-else" });

        var response = await app.SendAsync(Activities.PersonalInstall(SignedBotApp.TeacherId), forged);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(app.Connector.Requests);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Conversations.CountAsync()));
    }

    [Fact]
    public async Task An_activity_from_another_tenant_is_refused()
    {
        var activity = Activities.PersonalInstall(SignedBotApp.TeacherId);
        activity["conversation"]!["tenantId"] = "99999999-9999-9999-9999-999999999999";
        activity["channelData"]!["tenant"]!["id"] = "99999999-9999-9999-9999-999999999999";

        var response = await app.SendAsync(activity);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.Conversations.CountAsync()));
    }

    [Fact]
    public async Task Health_check_answers()
    {
        var response = await app.Http.GetAsync(new Uri("healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

/// <summary>Every log entry the app writes, whatever the configured levels let through to the console.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<Entry> entries = new();

    public IReadOnlyList<Entry> Entries => [.. entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, entries);

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, string Message, Exception? Exception);

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<Entry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), exception));
    }
}
