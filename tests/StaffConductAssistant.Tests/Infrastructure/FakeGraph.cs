using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>One request FakeGraph received. <see cref="Path"/> is decoded and excludes the "/v1.0" prefix for Graph calls.</summary>
public sealed record RecordedGraphRequest(string Method, string Path, string Query, bool HasAuthorization, string? Authorization);

/// <summary>A file or folder in FakeGraph's document library, or in a person's OneDrive (<see cref="DriveId"/>).</summary>
public sealed class FakeDriveItem
{
    internal FakeDriveItem(string id, string name, string? parentId, bool isFolder, string webUrl)
    {
        Id = id;
        Name = name;
        ParentId = parentId;
        IsFolder = isFolder;
        WebUrl = webUrl;
    }

    public string Id { get; }

    public string Name { get; }

    /// <summary>The team site's library (<see cref="FakeGraph.DriveId"/>) unless the file is in someone's OneDrive.</summary>
    public string DriveId { get; internal set; } = FakeGraph.DriveId;

    public string? ParentId { get; }

    public bool IsFolder { get; }

    /// <summary>SharePoint-style URL; Teams puts this in a reference attachment's contentUrl.</summary>
    public string WebUrl { get; }

    public DateTimeOffset CreatedDateTime { get; set; } = DateTimeOffset.UtcNow;

    internal byte[]? Bytes { get; set; }

    /// <summary>For big generated files: the content length actually served.</summary>
    internal long GeneratedLength { get; set; }

    /// <summary>The "size" the metadata claims; null omits the field (lets tests check the streaming cap).</summary>
    public long? ReportedSize { get; set; }

    internal long ContentLength => Bytes?.LongLength ?? GeneratedLength;
}

public sealed record FakeAttachment(string Id, string ContentType, string? ContentUrl, string? Name, string? Content = null)
{
    /// <summary>A "reference" attachment pointing at a file in the fake drive, as Teams writes for a shared file.</summary>
    public static FakeAttachment ReferenceTo(FakeDriveItem file) => new(Guid.NewGuid().ToString("N"), "reference", file.WebUrl, file.Name);
}

/// <summary>
/// A loopback Microsoft Graph stand-in (Kestrel on 127.0.0.1, random port) serving chatMessage and driveItem JSON in
/// the shapes of the Graph v1.0 docs (chatmessage-get, channel-get-filesfolder, driveitem-list-children,
/// driveitem-get-content: 302 to a pre-authenticated URL, shares-get). Records every request.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    public const string DriveId = "b!fakeDrive0123456789";

    /// <summary>Who sends the fake's chat and channel messages (chatMessage.from.user.id).</summary>
    public const string SenderId = "8ea0e38b-efb3-4757-924a-5f94061cf8c2";

    /// <summary>The folder of a person's OneDrive where Teams keeps the files they attach in chats.</summary>
    public const string ChatFilesFolder = "Microsoft Teams Chat Files";

    public static string OneDriveId(string ownerId) => "b!oneDrive-" + ownerId;
    private const string SiteUrl = "https://contoso.sharepoint.com/sites/StaffRoom/Shared%20Documents";

    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedGraphRequest> requests = new();
    private readonly ConcurrentDictionary<string, JsonObject> messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeDriveItem> items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> channelFolders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HashSet<string>> memberships = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Id, string DisplayName, string Surname)> users = new();
    private readonly List<(string Fragment, int Status)> failures = [];
    private long bytesServed;

    private FakeGraph(WebApplication app) => this.app = app;

    /// <summary>e.g. http://127.0.0.1:5123/v1.0 — use as Graph:BaseUrl.</summary>
    public string BaseUrl { get; private set; } = "";

    public string Origin { get; private set; } = "";

    /// <summary>Every request served, in order.</summary>
    public IReadOnlyList<RecordedGraphRequest> Requests => [.. requests];

    /// <summary>Delay before answering any request (simulates a slow Graph). Honours client disconnects.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Bytes handed to Kestrel by the download endpoint. An upper bound only: after a client disconnects Kestrel may discard writes before the abort is seen.</summary>
    public long BytesServed => Interlocked.Read(ref bytesServed);

    public static async Task<FakeGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGraph(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        fake.BaseUrl = fake.Origin + "/v1.0";
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    // ---------- set-up ----------

    public JsonObject AddChannelMessage(string teamId, string channelId, string messageId, string html, string? subject = null,
        IEnumerable<FakeAttachment>? attachments = null, DateTimeOffset? created = null, bool deleted = false) =>
        Store($"teams/{teamId}/channels/{channelId}/messages/{messageId}",
            Message(messageId, null, html, subject, attachments, created, deleted, teamId, channelId, null));

    public JsonObject AddChannelReply(string teamId, string channelId, string rootMessageId, string messageId, string html,
        IEnumerable<FakeAttachment>? attachments = null, DateTimeOffset? created = null, bool deleted = false) =>
        Store($"teams/{teamId}/channels/{channelId}/messages/{rootMessageId}/replies/{messageId}",
            Message(messageId, rootMessageId, html, null, attachments, created, deleted, teamId, channelId, null));

    public JsonObject AddChatMessage(string chatId, string messageId, string html, IEnumerable<FakeAttachment>? attachments = null,
        DateTimeOffset? created = null, bool deleted = false) =>
        Store($"chats/{chatId}/messages/{messageId}",
            Message(messageId, null, html, null, attachments, created, deleted, null, null, chatId));

    /// <summary>The channel's files folder (GET …/filesFolder), created on first use.</summary>
    public FakeDriveItem ChannelFolder(string teamId, string channelId, string name = "General")
    {
        var id = channelFolders.GetOrAdd($"{teamId}|{channelId}", _ => AddItem(null, name, isFolder: true).Id);
        return items[id];
    }

    public FakeDriveItem AddFolder(FakeDriveItem parent, string name) => AddItem(parent, name, isFolder: true);

    /// <summary>The "Microsoft Teams Chat Files" folder of a person's OneDrive, where Teams puts what they attach in a chat.</summary>
    public FakeDriveItem ChatFiles(string ownerId)
    {
        var id = channelFolders.GetOrAdd("onedrive|" + ownerId, _ =>
        {
            var root = AddItem(null, "root", isFolder: true);
            root.DriveId = OneDriveId(ownerId);
            var folder = AddItem(root, ChatFilesFolder, isFolder: true);
            folder.DriveId = OneDriveId(ownerId);
            return folder.Id;
        });
        return items[id];
    }

    public FakeDriveItem AddFile(FakeDriveItem? parent, string name, byte[] content, DateTimeOffset? created = null)
    {
        var item = AddItem(parent, name, isFolder: false);
        item.Bytes = content;
        item.ReportedSize = content.LongLength;
        item.CreatedDateTime = created ?? DateTimeOffset.UtcNow;
        return item;
    }

    /// <summary>Adds one of the six sample emails from shared/samples/emails.</summary>
    public FakeDriveItem AddSampleEmail(FakeDriveItem? parent, string sampleFileName, DateTimeOffset? created = null, string? name = null) =>
        AddFile(parent, name ?? sampleFileName, File.ReadAllBytes(Path.Combine(TestPaths.SampleEmails, sampleFileName)), created);

    /// <summary>A file whose content is generated as it is served; <paramref name="reportedSize"/> null omits "size".</summary>
    public FakeDriveItem AddGeneratedFile(FakeDriveItem? parent, string name, long length, long? reportedSize, DateTimeOffset? created = null)
    {
        var item = AddItem(parent, name, isFolder: false);
        item.GeneratedLength = length;
        item.ReportedSize = reportedSize;
        item.CreatedDateTime = created ?? DateTimeOffset.UtcNow;
        return item;
    }

    public void AddMembership(string userId, string groupId) =>
        memberships.GetOrAdd(userId, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(groupId);

    /// <summary>Any request whose decoded path contains <paramref name="pathFragment"/> gets <paramref name="status"/> with a Graph error body.</summary>
    /// <summary>A user in the tenant's directory, found by <c>GET /users?$filter=surname eq '…'</c>.</summary>
    public void AddUser(string id, string displayName, string surname) => users.Enqueue((id, displayName, surname));

    public void Fail(string pathFragment, int status)
    {
        lock (failures)
        {
            failures.Add((pathFragment, status));
        }
    }

    /// <summary>Requests whose path contains <paramref name="pathFragment"/> succeed again.</summary>
    public void Heal(string pathFragment)
    {
        lock (failures)
        {
            failures.RemoveAll(f => f.Fragment == pathFragment);
        }
    }

    /// <summary>Users the app was installed for (POST /users/{id}/teamwork/installedApps), with the bound catalog app.</summary>
    public ConcurrentQueue<(string UserId, string? TeamsAppBind)> Installs { get; } = new();

    /// <summary>Called after an install, so a test can play the conversationUpdate Teams would send.</summary>
    public Func<string, Task>? OnInstall { get; set; }

    /// <summary>Mail sent through POST /users/{sender}/sendMail: the sender and the request body as sent.</summary>
    public ConcurrentQueue<(string Sender, JsonNode Body)> SentMail { get; } = new();

    /// <summary>
    /// What the next sendMail calls answer, in order (then 202): a status with an optional Retry-After, or
    /// <see cref="SendMailAnswer.AcceptedThenLost"/>: the mail is accepted (in <see cref="SentMail"/> and Sent Items)
    /// but the answer never comes, as when a timeout follows Graph's acceptance.
    /// </summary>
    public ConcurrentQueue<SendMailAnswer> SendMailScript { get; } = new();

    /// <summary>Calendar events, by id: the mailbox they are in and the event as last written (POST, then each PATCH merged in).</summary>
    public ConcurrentDictionary<string, (string Mailbox, JsonObject Event)> Events { get; } = new(StringComparer.Ordinal);

    /// <summary>Event ids cancelled through POST …/events/{id}/cancel, with the comment.</summary>
    public ConcurrentQueue<(string EventId, string? Comment)> CancelledEvents { get; } = new();

    /// <summary>What the next event creates answer, in order (then 201): as for <see cref="SendMailScript"/>.</summary>
    public ConcurrentQueue<SendMailAnswer> CreateEventScript { get; } = new();

    public int CountRequests(string pathFragment) => Requests.Count(r => r.Path.Contains(pathFragment, StringComparison.Ordinal));

    // ---------- serving ----------

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var auth = ctx.Request.Headers.Authorization.ToString();
        requests.Enqueue(new RecordedGraphRequest(ctx.Request.Method, path.StartsWith("/v1.0/", StringComparison.Ordinal) ? path[5..] : path,
            ctx.Request.QueryString.Value ?? "", auth.Length > 0, auth.Length > 0 ? auth : null));

        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, ctx.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        int? failure;
        lock (failures)
        {
            failure = failures.Where(f => path.Contains(f.Fragment, StringComparison.Ordinal)).Select(f => (int?)f.Status).FirstOrDefault();
        }

        if (failure is { } status)
        {
            await Error(ctx, status);
            return;
        }

        if (path.StartsWith("/_download/", StringComparison.Ordinal))
        {
            await DownloadAsync(ctx, path["/_download/".Length..]);
            return;
        }

        if (!path.StartsWith("/v1.0/", StringComparison.Ordinal) || !ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            await Error(ctx, 401);
            return;
        }

        var s = path["/v1.0/".Length..].Split('/');
        switch (ctx.Request.Method, s)
        {
            case ("GET", ["teams" or "chats", ..]) when messages.TryGetValue(string.Join('/', s), out var message):
                await Json(ctx, message);
                return;
            case ("GET", ["teams", var team, "channels", var channel, "filesFolder"]):
                if (channelFolders.TryGetValue($"{team}|{channel}", out var folderId))
                {
                    await Json(ctx, DriveItemJson(items[folderId]));
                    return;
                }

                break;
            case ("GET", ["drives", var drive]) when drive.StartsWith("b!oneDrive-", StringComparison.Ordinal):
                // Graph: drive-get. A OneDrive's owner is the person.
                await Json(ctx, new JsonObject { ["id"] = drive, ["driveType"] = "business", ["owner"] = new JsonObject { ["user"] = new JsonObject { ["id"] = drive["b!oneDrive-".Length..] } } });
                return;
            case ("GET", ["drives", DriveId, "items", var id, "children"]):
                var children = new JsonArray([.. items.Values.Where(i => i.ParentId == id).OrderBy(i => i.Name, StringComparer.Ordinal).Select(DriveItemJson)]);
                await Json(ctx, new JsonObject { ["@odata.context"] = $"{BaseUrl}/$metadata#Collection(driveItem)", ["value"] = children });
                return;
            case ("GET", ["drives", var drive, "items", var id]) when items.TryGetValue(id, out var item) && item.DriveId == drive:
                await Json(ctx, DriveItemJson(item));
                return;
            case ("GET", ["drives", var drive, "items", var id, "content"]) when items.TryGetValue(id, out var item) && item.DriveId == drive && !item.IsFolder:
                Redirect(ctx, item);
                return;
            case ("GET", ["shares", var share, "driveItem", .. var rest]) when FindShared(share) is { } shared:
                if (rest.Length == 0)
                {
                    await Json(ctx, DriveItemJson(shared));
                }
                else
                {
                    Redirect(ctx, shared);
                }

                return;
            case ("POST", ["users", var installFor, "teamwork", "installedApps"]):
                // Graph: userteamwork-post-installedapps answers 201 with no body.
                var install = await JsonNode.ParseAsync(ctx.Request.Body);
                Installs.Enqueue((installFor, install?["teamsApp@odata.bind"]?.GetValue<string>()));
                if (OnInstall is { } onInstall)
                {
                    await onInstall(installFor);
                }

                ctx.Response.StatusCode = StatusCodes.Status201Created;
                return;
            case ("POST", ["users", var sender, "sendMail"]):
                // Graph: user-sendmail answers 202 Accepted with no body.
                var mail = (await JsonNode.ParseAsync(ctx.Request.Body))!;
                if (SendMailScript.TryDequeue(out var scripted) && !scripted.AcceptedThenLost)
                {
                    if (scripted.RetryAfterSeconds is { } after)
                    {
                        ctx.Response.Headers.RetryAfter = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    await Error(ctx, scripted.Status);
                    return;
                }

                SentMail.Enqueue((sender, mail));
                if (scripted is { AcceptedThenLost: true })
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                ctx.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            case ("GET", ["users", var mailbox, "mailFolders", var sentFolder, "messages"]) when string.Equals(sentFolder, "SentItems", StringComparison.OrdinalIgnoreCase):
                // Graph: a $filter on the PS_INTERNET_HEADERS named property finds a message by a custom header.
                var headerFilter = ctx.Request.Query["$filter"].ToString();
                var marker = headerFilter.Contains("{00020386-0000-0000-C000-000000000046}", StringComparison.Ordinal) && headerFilter.IndexOf("ep/value eq '", StringComparison.Ordinal) is var at and >= 0
                    ? headerFilter[(at + "ep/value eq '".Length)..].TrimEnd(')').TrimEnd('\'').Replace("''", "'", StringComparison.Ordinal)
                    : null;
                var inSent = SentMail.Where(m => string.Equals(m.Sender, mailbox, StringComparison.OrdinalIgnoreCase)
                        && (m.Body["Message"]?["internetMessageHeaders"]?.AsArray() ?? []).Any(h => h?["value"]?.GetValue<string>() == marker))
                    .Select((_, i) => (JsonNode)new JsonObject { ["id"] = "sent-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                await Json(ctx, new JsonObject { ["value"] = new JsonArray([.. inSent]) });
                return;
            case ("POST", ["users", var organiser, "events"]):
                // Graph: user-post-events answers 201 with the event. A transactionId already used in this mailbox gets
                // the same event back (event resource: transactionId avoids redundant POSTs on retries).
                var posted = (JsonObject)(await JsonNode.ParseAsync(ctx.Request.Body))!;
                if (CreateEventScript.TryDequeue(out var eventAnswer) && !eventAnswer.AcceptedThenLost)
                {
                    if (eventAnswer.RetryAfterSeconds is { } eventAfter)
                    {
                        ctx.Response.Headers.RetryAfter = eventAfter.ToString(CultureInfo.InvariantCulture);
                    }

                    await Error(ctx, eventAnswer.Status);
                    return;
                }

                var transaction = posted["transactionId"]?.GetValue<string>();
                var existing = Events.FirstOrDefault(e => transaction is not null && e.Value.Mailbox == organiser && e.Value.Event["transactionId"]?.GetValue<string>() == transaction);
                var eventId = existing.Key ?? "AAMkEvent" + Guid.NewGuid().ToString("N")[..12];
                if (existing.Key is null)
                {
                    posted["id"] = eventId;
                    Events[eventId] = (organiser, posted);
                }

                if (eventAnswer is { AcceptedThenLost: true })
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                ctx.Response.StatusCode = StatusCodes.Status201Created;
                await Json(ctx, Events[eventId].Event);
                return;
            case ("GET", ["users", var calendarOwner, "events"]):
                var eventFilter = ctx.Request.Query["$filter"].ToString();
                var wantedTransaction = eventFilter.StartsWith("transactionId eq '", StringComparison.Ordinal) && eventFilter.EndsWith('\'')
                    ? eventFilter["transactionId eq '".Length..^1].Replace("''", "'", StringComparison.Ordinal)
                    : null;
                var matching = Events.Where(e => e.Value.Mailbox == calendarOwner && (wantedTransaction is null || e.Value.Event["transactionId"]?.GetValue<string>() == wantedTransaction))
                    .Select(e => (JsonNode)new JsonObject { ["id"] = e.Key });
                await Json(ctx, new JsonObject { ["value"] = new JsonArray([.. matching]) });
                return;
            case ("PATCH", ["users", _, "events", var patchedId]) when Events.TryGetValue(patchedId, out var patched):
                var patch = (JsonObject)(await JsonNode.ParseAsync(ctx.Request.Body))!;
                foreach (var (name, value) in patch)
                {
                    patched.Event[name] = value?.DeepClone();
                }

                await Json(ctx, patched.Event);
                return;
            case ("POST", ["users", _, "events", var cancelledId, "cancel"]) when Events.ContainsKey(cancelledId):
                // Graph: event-cancel answers 202 with no body.
                var cancel = await JsonNode.ParseAsync(ctx.Request.Body);
                CancelledEvents.Enqueue((cancelledId, cancel?["Comment"]?.GetValue<string>() ?? cancel?["comment"]?.GetValue<string>()));
                ctx.Response.StatusCode = StatusCodes.Status202Accepted;
                return;
            case ("GET", ["users"]):
                // Graph: list users with $filter=surname eq 'X' (OData: a quote inside the literal is doubled).
                var filter = ctx.Request.Query["$filter"].ToString();
                var wanted = filter.StartsWith("surname eq '", StringComparison.Ordinal) && filter.EndsWith('\'')
                    ? filter["surname eq '".Length..^1].Replace("''", "'", StringComparison.Ordinal)
                    : null;
                var found = users.Where(u => wanted is not null && string.Equals(u.Surname, wanted, StringComparison.OrdinalIgnoreCase))
                    .Select(u => (JsonNode)new JsonObject { ["id"] = u.Id, ["displayName"] = u.DisplayName });
                await Json(ctx, new JsonObject { ["value"] = new JsonArray([.. found]) });
                return;
            case ("POST", ["users", var user, "checkMemberGroups"]):
                var body = await JsonNode.ParseAsync(ctx.Request.Body);
                var asked = body?["groupIds"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [];
                var mine = memberships.TryGetValue(user, out var set) ? set : [];
                await Json(ctx, new JsonObject { ["value"] = new JsonArray([.. asked.Where(mine.Contains).Select(g => JsonValue.Create(g))]) });
                return;
        }

        await Error(ctx, 404);
    }

    private void Redirect(HttpContext ctx, FakeDriveItem item)
    {
        // Real Graph answers 302 with a short-lived pre-authenticated URL on another host (driveitem-get-content).
        ctx.Response.StatusCode = StatusCodes.Status302Found;
        ctx.Response.Headers.Location = $"{Origin}/_download/{item.Id}?tempauth=fake";
    }

    private async Task DownloadAsync(HttpContext ctx, string id)
    {
        if (!items.TryGetValue(id, out var item) || item.IsFolder)
        {
            ctx.Response.StatusCode = 404;
            return;
        }

        ctx.Response.ContentType = "application/octet-stream";
        ctx.Response.ContentLength = item.ContentLength;
        if (item.Bytes is { } bytes)
        {
            await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted);
            Interlocked.Add(ref bytesServed, bytes.LongLength);
            return;
        }

        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        try
        {
            // Kestrel silently discards writes once the client has gone, so check for that explicitly:
            // otherwise BytesServed would count bytes nobody received.
            for (long sent = 0; sent < item.GeneratedLength && !ctx.RequestAborted.IsCancellationRequested; sent += chunk.Length)
            {
                var n = (int)Math.Min(chunk.Length, item.GeneratedLength - sent);
                await ctx.Response.Body.WriteAsync(chunk.AsMemory(0, n), ctx.RequestAborted);
                Interlocked.Add(ref bytesServed, n);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client stopped reading: exactly what a size cap should do.
        }
    }

    private FakeDriveItem? FindShared(string shareId)
    {
        if (!shareId.StartsWith("u!", StringComparison.Ordinal))
        {
            return null;
        }

        var b64 = shareId[2..].Replace('_', '/').Replace('-', '+');
        b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
        var url = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
        return items.Values.FirstOrDefault(i => string.Equals(i.WebUrl, url, StringComparison.Ordinal));
    }

    private FakeDriveItem AddItem(FakeDriveItem? parent, string name, bool isFolder)
    {
        var id = "01FAKE" + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
        var url = parent is null ? $"{SiteUrl}/{Uri.EscapeDataString(name)}" : $"{parent.WebUrl}/{Uri.EscapeDataString(name)}";
        var item = new FakeDriveItem(id, name, parent?.Id, isFolder, url) { DriveId = parent?.DriveId ?? DriveId };
        items[id] = item;
        return item;
    }

    private JsonObject Store(string key, JsonObject message)
    {
        messages[key] = message;
        return message;
    }

    private JsonObject Message(string id, string? replyToId, string html, string? subject, IEnumerable<FakeAttachment>? attachments,
        DateTimeOffset? created, bool deleted, string? teamId, string? channelId, string? chatId)
    {
        var when = (created ?? DateTimeOffset.UtcNow).ToUniversalTime();
        var iso = when.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["@odata.context"] = chatId is null
                ? $"{BaseUrl}/$metadata#teams('{teamId}')/channels('{channelId}')/messages/$entity"
                : $"{BaseUrl}/$metadata#chats('{chatId}')/messages/$entity",
            ["id"] = id,
            ["replyToId"] = replyToId,
            ["etag"] = id,
            ["messageType"] = "message",
            ["createdDateTime"] = iso,
            ["lastModifiedDateTime"] = iso,
            ["lastEditedDateTime"] = null,
            ["deletedDateTime"] = deleted ? iso : null,
            ["subject"] = subject,
            ["summary"] = null,
            ["chatId"] = chatId,
            ["importance"] = "normal",
            ["locale"] = "en-us",
            ["webUrl"] = chatId is null
                ? $"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(channelId!)}/{id}?groupId={teamId}&tenantId=00000000-0000-0000-0000-000000000001&createdTime={when.ToUnixTimeMilliseconds()}&parentMessageId={replyToId ?? id}"
                : null,
            ["policyViolation"] = null,
            ["eventDetail"] = null,
            ["from"] = new JsonObject
            {
                ["application"] = null,
                ["device"] = null,
                ["user"] = new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.teamworkUserIdentity",
                    ["id"] = SenderId,
                    ["displayName"] = "Staff Member",
                    ["userIdentityType"] = "aadUser",
                    ["tenantId"] = "00000000-0000-0000-0000-000000000001",
                },
            },
            ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = deleted ? "" : html },
            ["channelIdentity"] = chatId is null ? new JsonObject { ["teamId"] = teamId, ["channelId"] = channelId } : null,
            ["attachments"] = new JsonArray([.. (attachments ?? []).Select(a => new JsonObject
            {
                ["id"] = a.Id,
                ["contentType"] = a.ContentType,
                ["contentUrl"] = a.ContentUrl,
                ["content"] = a.Content,
                ["name"] = a.Name,
                ["thumbnailUrl"] = null,
                ["teamsAppId"] = null,
            })]),
            ["mentions"] = new JsonArray(),
            ["reactions"] = new JsonArray(),
        };
    }

    private JsonObject DriveItemJson(FakeDriveItem item)
    {
        var json = new JsonObject
        {
            ["id"] = item.Id,
            ["name"] = item.Name,
            ["createdDateTime"] = item.CreatedDateTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["lastModifiedDateTime"] = item.CreatedDateTime.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["webUrl"] = item.WebUrl,
            ["parentReference"] = new JsonObject { ["driveId"] = item.DriveId, ["driveType"] = item.DriveId == DriveId ? "documentLibrary" : "business", ["id"] = item.ParentId },
        };
        if (item.IsFolder)
        {
            json["size"] = 0;
            json["folder"] = new JsonObject { ["childCount"] = items.Values.Count(i => i.ParentId == item.Id) };
        }
        else
        {
            if (item.ReportedSize is { } size)
            {
                json["size"] = size;
            }

            json["file"] = new JsonObject { ["mimeType"] = "message/rfc822" };
        }

        return json;
    }

    private static Task Json(HttpContext ctx, JsonNode body)
    {
        ctx.Response.ContentType = "application/json; odata.metadata=minimal";
        return ctx.Response.WriteAsync(body.ToJsonString(JsonOptions));
    }

    private static Task Error(HttpContext ctx, int status)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        var code = status switch { 401 => "InvalidAuthenticationToken", 403 => "Forbidden", 404 => "NotFound", _ => "InternalServerError" };
        var error = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["code"] = code,
                ["message"] = $"Fake Graph {status}",
                ["innerError"] = new JsonObject { ["date"] = "2025-01-01T00:00:00", ["request-id"] = Guid.NewGuid().ToString(), ["client-request-id"] = Guid.NewGuid().ToString() },
            },
        };
        return ctx.Response.WriteAsync(error.ToJsonString(JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false };
}

/// <summary>One scripted answer to sendMail (<see cref="FakeGraph.SendMailScript"/>).</summary>
public sealed record SendMailAnswer(int Status, int? RetryAfterSeconds = null, bool AcceptedThenLost = false)
{
    public static SendMailAnswer Lost { get; } = new(202, AcceptedThenLost: true);
}
