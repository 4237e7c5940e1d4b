using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StaffConductAssistant.BotFramework.Authentication;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>What the recording handler saw for one activity.</summary>
public sealed record HandledActivity(Activity Activity, BotCallerKind Caller);

/// <summary>An <see cref="IActivityHandler"/> that records what reached it and answers with <see cref="Respond"/>.</summary>
public sealed class RecordingActivityHandler(BotRequestContext context, RecordingActivityHandler.Log log) : IActivityHandler
{
    public Task<InvokeResponse?> OnActivityAsync(Activity activity, CancellationToken cancellationToken)
    {
        log.Handled.Enqueue(new HandledActivity(activity, context.Caller));
        return Task.FromResult(log.Respond(activity));
    }

    /// <summary>Singleton shared by the scoped handlers.</summary>
    public sealed class Log
    {
        public ConcurrentQueue<HandledActivity> Handled { get; } = new();

        public Func<Activity, InvokeResponse?> Respond { get; set; } = _ => null;
    }
}

/// <summary>Settings for <see cref="BotTestHost"/>.</summary>
public sealed class BotTestHostOptions
{
    public string EnvironmentName { get; set; } = "Production";

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Pretend requests come from this address (Kestrel only listens on loopback here).</summary>
    public IPAddress? RemoteAddress { get; set; }

    public Action<IServiceCollection>? ConfigureServices { get; set; }
}

/// <summary>
/// A minimal real bot: Kestrel on 127.0.0.1:0 with AddBotFramework + MapBotFramework("/api/messages") and a
/// <see cref="RecordingActivityHandler"/>. <see cref="ForIssuer"/> configures Bot:AppId and Bot:OpenIdMetadataUrl.
/// </summary>
public sealed class BotTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BotTestHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public RecordingActivityHandler.Log Handler => _app.Services.GetRequiredService<RecordingActivityHandler.Log>();

    public IReadOnlyList<HandledActivity> Handled => [.. Handler.Handled];

    public static Task<BotTestHost> ForIssuer(TestTokenIssuer issuer, Action<BotTestHostOptions>? configure = null) =>
        StartAsync(options =>
        {
            options.Settings["Bot:AppId"] = TestTokenIssuer.DefaultAppId;
            options.Settings["Bot:OpenIdMetadataUrl"] = issuer.MetadataUrl.ToString();
            configure?.Invoke(options);
        });

    public static async Task<BotTestHost> StartAsync(Action<BotTestHostOptions> configure)
    {
        var options = new BotTestHostOptions();
        configure(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = options.EnvironmentName });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.Services.AddBotFramework();
        builder.Services.AddSingleton<RecordingActivityHandler.Log>();
        builder.Services.AddScoped<IActivityHandler, RecordingActivityHandler>();
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        if (options.RemoteAddress is { } remote)
        {
            app.Use((http, next) =>
            {
                http.Connection.RemoteIpAddress = remote;
                return next(http);
            });
        }

        app.MapBotFramework("/api/messages");
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new BotTestHost(app, new HttpClient { BaseAddress = LoopbackServer.FirstAddress(app) });
    }

    /// <summary>POSTs raw JSON to /api/messages, with "Authorization: Bearer token" when a token is given.</summary>
    public Task<HttpResponseMessage> PostAsync(string json, string? token = null, string contentType = "application/json") =>
        PostAsync(json, token is null ? null : new AuthenticationHeaderValue("Bearer", token), contentType);

    public async Task<HttpResponseMessage> PostAsync(string json, AuthenticationHeaderValue? authorization, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = authorization;
        return await Client.SendAsync(request);
    }

    public T Option<T>(Func<BotOptions, T> read) => read(_app.Services.GetRequiredService<IOptions<BotOptions>>().Value);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
