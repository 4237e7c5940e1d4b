using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>One request the fake connector received. <see cref="Path"/> is the raw target, still percent-encoded.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>When it arrived (for rate and Retry-After checks).</summary>
    public DateTimeOffset At { get; init; } = DateTimeOffset.UtcNow;

    public JsonNode? Json => string.IsNullOrWhiteSpace(Body) ? null : JsonNode.Parse(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>One scripted answer: status, optional JSON body and Retry-After (seconds).</summary>
public sealed record FakeResponse(int Status, string? Body = null, int? RetryAfterSeconds = null);

/// <summary>
/// Plays the Bot Connector on loopback: records every request and answers from a script, then by default
/// 201 <c>{"id": "activity-N"}</c>. The service URL has a path, like Teams' (…/teams/).
/// </summary>
public sealed class FakeConnector : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<FakeResponse> _script = new();
    private LoopbackServer? _server;
    private int _counter;

    private FakeConnector()
    {
    }

    public string ServiceUrl => new Uri(_server!.BaseAddress, "teams/").ToString();

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Off: requests are counted, not kept (a long load run would otherwise keep every card it sent).</summary>
    public bool Recording { get; set; } = true;

    /// <summary>Every request received, recorded or not.</summary>
    public int Count => Volatile.Read(ref _count);

    private int _count;

    public static async Task<FakeConnector> StartAsync()
    {
        var connector = new FakeConnector();
        connector._server = await LoopbackServer.StartAsync(app => app.Run(connector.HandleAsync));
        return connector;
    }

    /// <summary>Queues answers used in order before the default 201.</summary>
    public FakeConnector Then(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }

        return this;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = http.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        Interlocked.Increment(ref _count);
        if (Recording)
        {
            _requests.Enqueue(new RecordedRequest(http.Request.Method, rawTarget, headers, body));
        }

        var response = _script.TryDequeue(out var scripted)
            ? scripted
            : new FakeResponse(201, $$"""{"id":"activity-{{Interlocked.Increment(ref _counter)}}"}""");
        http.Response.StatusCode = response.Status;
        if (response.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (response.Body is not null)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(response.Body);
        }
    }

    public ValueTask DisposeAsync() => _server?.DisposeAsync() ?? ValueTask.CompletedTask;
}
