using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>One of the Agents Playground's built-in users (its default config names six).</summary>
public sealed record PlaygroundUser(string Id, string Name, string AadObjectId, string Email)
{
    public static readonly PlaygroundUser AlexWilber = new("user-id-0", "Alex Wilber", "00000000-0000-0000-0000-0000000000020", "alexw@example.com");
    public static readonly PlaygroundUser MeganBowen = new("user-id-1", "Megan Bowen", "00000000-0000-0000-0000-0000000000021", "meganb@example.com");
    public static readonly PlaygroundUser AdeleVance = new("user-id-2", "Adele Vance", "00000000-0000-0000-0000-0000000000022", "adelev@example.com");
    public static readonly PlaygroundUser IsaiahLanger = new("user-id-3", "Isaiah Langer", "00000000-0000-0000-0000-0000000000023", "isaiahl@example.com");
    public static readonly PlaygroundUser PattiFernandez = new("user-id-4", "Patti Fernandez", "00000000-0000-0000-0000-0000000000024", "pattif@example.com");
    public static readonly PlaygroundUser LynneRobbins = new("user-id-5", "Lynne Robbins", "00000000-0000-0000-0000-0000000000025", "lynner@example.com");

    public static IReadOnlyList<PlaygroundUser> All { get; } = [AlexWilber, MeganBowen, AdeleVance, IsaiahLanger, PattiFernandez, LynneRobbins];
}

/// <summary>What the bot sent to this instance, as its web UI would show it: a new message or a replaced one.</summary>
public sealed record PlaygroundEvent(string Action, string ConversationId, string MessageId, JsonObject Message)
{
    /// <summary>The first attachment's Adaptive Card, if the message carries one.</summary>
    public JsonObject? Card => Message["attachments"]?[0]?["content"] as JsonObject;
}

/// <summary>
/// A headless Microsoft 365 Agents Playground (docs/agents-playground.md) as one person's Teams client: its own
/// port, its own working folder whose <c>.m365agentsplayground.yml</c> makes <see cref="User"/> "you", its connector
/// on 127.0.0.1. Drive it through its HTTP API and read what the bot sends from its WebSocket stream; run two for
/// two people. The process tree is killed on dispose.
/// </summary>
public sealed class PlaygroundInstance : IAsyncDisposable
{
    public const string TenantId = "00000000-0000-0000-0000-0000000000001";
    public const string BotId = "00000000-0000-0000-0000-00000000000011";

    private readonly Process process;
    private readonly string folder;
    private readonly HttpClient http;
    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<PlaygroundEvent> events = new();
    private readonly StringBuilder output = new();
    private readonly SemaphoreSlim arrived = new(0);
    private Task? reader;

    private PlaygroundInstance(Process process, string folder, int port, PlaygroundUser user)
    {
        this.process = process;
        this.folder = folder;
        Port = port;
        User = user;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public PlaygroundUser User { get; }

    public Uri BaseAddress { get; }

    /// <summary>What the bot sees as <c>serviceUrl</c> in this instance's activities.</summary>
    public string ServiceUrl => new Uri(BaseAddress, "_connector").ToString();

    /// <summary>The current user's 1:1 chat with the bot.</summary>
    public string PersonalChatId { get; private set; } = string.Empty;

    /// <summary>Everything the bot has sent this instance so far, in order.</summary>
    public IReadOnlyList<PlaygroundEvent> Events => [.. events];

    /// <summary>The playground's own console output, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static bool IsAvailable => File.Exists(CliPath);

    private static string CliPath => Path.Combine(TestPaths.NodeModules, "@microsoft", "m365agentsplayground", "cli.js");

    /// <summary>Starts an instance for <paramref name="user"/> against the bot at <paramref name="botEndpoint"/>; returns when it answers and its stream is open.</summary>
    public static async Task<PlaygroundInstance> StartAsync(Uri botEndpoint, PlaygroundUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(botEndpoint);
        ArgumentNullException.ThrowIfNull(user);
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"{CliPath} is missing: run npm ci in the repository root.");
        }

        // It silently takes a random port when the one asked for is busy, so ask for one that is free now.
        var port = FreePort();
        var folder = Directory.CreateTempSubdirectory("sca-playground-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, ".m365agentsplayground.yml"), Config(user), cancellationToken);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            CliPath, "-e", botEndpoint.ToString(), "-c", "msteams", "-p", port.ToString(CultureInfo.InvariantCulture),
            "--service-url", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/_connector", "--disable-telemetry",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var instance = new PlaygroundInstance(process, folder, port, user);
        process.OutputDataReceived += (_, e) => instance.Append(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await instance.WaitUntilReadyAsync(cancellationToken);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens the app for the current user: <c>installationUpdate</c> then <c>conversationUpdate</c> to the bot.</summary>
    public async Task InstallAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync(new Uri($"_debug/conversation/{Uri.EscapeDataString(PersonalChatId)}/installation", UriKind.Relative), null, cancellationToken);
        await EnsureAsync(response, "installation");
    }

    /// <summary>The current user writes to the bot in their 1:1 chat (or <paramref name="conversationId"/>).</summary>
    public async Task SendTextAsync(string text, string? conversationId = null, CancellationToken cancellationToken = default)
    {
        var chat = conversationId ?? PersonalChatId;
        using var response = await http.PostAsJsonAsync(
            new Uri($"_conversation/v1/conversations/{Uri.EscapeDataString(chat)}/messages", UriKind.Relative),
            new JsonObject { ["from"] = new JsonObject { ["id"] = User.Id }, ["text"] = text, ["textFormat"] = "plain" },
            cancellationToken);
        await EnsureAsync(response, "message");
    }

    /// <summary>
    /// Sends an invoke as the current user and returns what the playground passes back of the bot's answer
    /// (<c>{type, value}</c> or <c>{task, composeExtension}</c>; never the status code). <c>adaptiveCard/action</c>
    /// needs <paramref name="replyToId"/>: the message in this instance that holds the card.
    /// </summary>
    public async Task<JsonNode?> InvokeAsync(string name, JsonNode value, string? replyToId = null, string? conversationId = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject
        {
            ["name"] = name,
            ["from"] = new JsonObject { ["id"] = User.Id },
            ["conversation"] = new JsonObject { ["id"] = conversationId ?? PersonalChatId },
            ["value"] = value.Parent is null ? value : value.DeepClone(),
        };
        if (replyToId is not null)
        {
            body["replyToId"] = replyToId;
        }

        using var response = await http.PostAsJsonAsync(new Uri("_conversation/v1/invoke", UriKind.Relative), body, cancellationToken);
        await EnsureAsync(response, "invoke " + name);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>An Action.Execute on the card in message <paramref name="messageId"/>, as the UI sends it.</summary>
    public Task<JsonNode?> ExecuteAsync(string messageId, string verb, JsonObject data, CancellationToken cancellationToken = default) =>
        InvokeAsync("adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.Parent is null ? data : data.DeepClone() },
            ["trigger"] = "manual",
        }, messageId, null, cancellationToken);

    /// <summary>Waits for the first event (already received or still to come) that matches.</summary>
    public async Task<PlaygroundEvent> WaitForAsync(Func<PlaygroundEvent, bool> match, TimeSpan? timeout = null, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await arrived.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"{User.Name}'s playground did not get {what ?? "the expected message"}. It got: " +
                    string.Join("; ", events.Select(e => $"{e.Action} {e.MessageId}")));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
        catch (TimeoutException)
        {
            // Killed, but slow to be reaped; nothing more to do.
        }

        if (reader is not null)
        {
            try
            {
                await reader.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or TimeoutException)
            {
                // The stream ends with the process.
            }
        }

        socket.Dispose();
        http.Dispose();
        process.Dispose();
        stop.Dispose();
        arrived.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The playground may still be writing its log; the temp folder is harmless.
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Agents Playground exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)} (a config that breaks its schema does this silently). Output: {Output}");
            }

            try
            {
                if (await http.GetStringAsync(new Uri("_debug/ping", UriKind.Relative), cancellationToken) == "pong")
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The Agents Playground did not answer /_debug/ping in 30 s. Output: " + Output);
            }

            await Task.Delay(100, cancellationToken);
        }

        var config = await http.GetFromJsonAsync<JsonObject>(new Uri("_internal/v1/config", UriKind.Relative), cancellationToken)
            ?? throw new InvalidOperationException("The playground returned no config.");
        var me = config["config"]?["currentUser"]?["id"]?.GetValue<string>();
        if (me != User.Id)
        {
            throw new InvalidOperationException($"The playground's current user is {me}, not {User.Id}: it did not read the config file.");
        }

        PersonalChatId = config["config"]?["personalChat"]?["id"]?.GetValue<string>()
            ?? throw new InvalidOperationException("The playground's config names no personal chat.");

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/_ws_conversation/v1/conversations/stream"), cancellationToken);
        reader = Task.Run(ReadStreamAsync, CancellationToken.None);
    }

    private async Task ReadStreamAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open && !stop.IsCancellationRequested)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var json = JsonNode.Parse(message.ToArray()) as JsonObject;
            message.SetLength(0);
            if (json?["action"]?.GetValue<string>() is "createMessage" or "updateMessage" && json["message"] is JsonObject body)
            {
                events.Enqueue(new PlaygroundEvent(
                    json["action"]!.GetValue<string>(),
                    json["actionConversationId"]?.GetValue<string>() ?? string.Empty,
                    body["messageId"]?.ToString() ?? string.Empty,
                    (JsonObject)body.DeepClone()));
                arrived.Release();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"The playground refused the {what} ({(int)response.StatusCode}): {body}", null, response.StatusCode);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The schema wants exactly five other users: everyone but the current one.</summary>
    internal static string Config(PlaygroundUser current)
    {
        var text = new StringBuilder()
            .AppendLine("version: \"0.1.1\"")
            .AppendLine(CultureInfo.InvariantCulture, $"tenantId: {TenantId}")
            .AppendLine("bot:")
            .AppendLine(CultureInfo.InvariantCulture, $"  id: {BotId}")
            .AppendLine("  name: Staff Conduct Assistant")
            .AppendLine("currentUser:");
        AppendUser(text, current, "  ");
        text.AppendLine("users:");
        foreach (var other in PlaygroundUser.All.Where(u => u != current))
        {
            AppendUser(text, other, "  - ", "    ");
        }

        var suffix = current.Id;
        return text
            .AppendLine("personalChat:")
            .AppendLine(CultureInfo.InvariantCulture, $"  id: personal-chat-{suffix}")
            .AppendLine("groupChat:")
            .AppendLine(CultureInfo.InvariantCulture, $"  id: group-chat-{suffix}")
            .AppendLine("  name: Group Chat")
            .AppendLine("team:")
            .AppendLine("  id: team-id")
            .AppendLine("  name: Staff")
            .AppendLine("  aadGroupId: 00000000-0000-0000-0000-000000000031")
            .AppendLine("  channels:")
            .AppendLine("    - id: channel-slt-id")
            .AppendLine("      name: SLT")
            .ToString();
    }

    private static void AppendUser(StringBuilder text, PlaygroundUser user, string first, string? rest = null)
    {
        rest ??= first;
        var (given, surname) = user.Name.Split(' ') is [var g, var s] ? (g, s) : (user.Name, user.Name);
        text.AppendLine(CultureInfo.InvariantCulture, $"{first}id: {user.Id}")
            .AppendLine(CultureInfo.InvariantCulture, $"{rest}name: {user.Name}")
            .AppendLine(CultureInfo.InvariantCulture, $"{rest}userPrincipleName: {user.Email}")
            .AppendLine(CultureInfo.InvariantCulture, $"{rest}aadObjectId: {user.AadObjectId}")
            .AppendLine(CultureInfo.InvariantCulture, $"{rest}givenName: {given}")
            .AppendLine(CultureInfo.InvariantCulture, $"{rest}surname: {surname}")
            .AppendLine(CultureInfo.InvariantCulture, $"{rest}email: {user.Email}");
    }
}

/// <summary>Playground tests start node processes and Kestrel; one at a time keeps them from starving each other.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PlaygroundTestGroup
{
    public const string Name = "Agents Playground";
}
