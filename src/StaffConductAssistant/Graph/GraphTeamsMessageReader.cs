using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;

namespace StaffConductAssistant.Graph;

/// <summary>
/// <see cref="ITeamsMessageReader"/> over the Microsoft Graph SDK. Steps (docs/teams-protocol.md §7):
/// 1. read the chatMessage; 2. a "reference" attachment named *.eml → download it only when it is the message's own
/// file: in a channel, a file in the channel's own files folder; in a chat, a file in the sender's OneDrive folder
/// where Teams keeps what they attach in chats; 3. in a channel, no such attachment → look in the channel's files
/// folder for EmailMessages_* folders. A reference is only a URL someone wrote, and the app's Graph permission reaches
/// far more files than the person asking may open (issue 11): it is never downloaded from anywhere else.
/// </summary>
internal sealed partial class GraphTeamsMessageReader(GraphClientHolder holder, ILogger<GraphTeamsMessageReader> logger) : ITeamsMessageReader
{
    private const string AttachedSource = "the .eml file attached to the message";
    private const string ChannelFilesSource = "the original email saved in the channel's files";

    // At most this many EmailMessages_* folders are listed, so a busy channel can't turn one click into many calls.
    private const int MaxEmailFoldersListed = 2;

    private const int ChildrenPageSize = 200;

    // How far up a file may sit below the channel's folder (EmailMessages_*/file is two), so a check is a few calls at most.
    private const int MaxFolderDepth = 4;

    /// <summary>Where Teams keeps the files a person attaches in a chat, in their OneDrive.</summary>
    internal const string ChatFilesFolder = "Microsoft Teams Chat Files";

    internal const string ChannelRefusal =
        "The .eml file in that message isn't saved in this channel's files, so the app didn't open it: it only reads an original email attached in this channel. Only the message as shown in Teams was read.";

    internal const string ChatRefusal =
        "The .eml file in that message isn't one its sender attached in this chat, so the app didn't open it. Only the message as shown in Teams was read.";

    // A file saved by the channel email feature is written when the post is created; allow for clock skew and slow processing.
    private static readonly TimeSpan CloseInTime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SubjectMatchWindow = TimeSpan.FromDays(2);

    public async Task<OriginalEmailResult> ReadOriginalEmailAsync(TeamsMessageLocation location, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        var client = holder.Client;
        if (client is null)
        {
            GraphLog.NotConfigured(logger, location.MessageId);
            return OriginalEmailResult.NotAvailable("Microsoft Graph isn't set up for this app, so it can't read the original message.");
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(holder.Options.Timeout);
        var result = await ReadAsync(client, location, budget.Token).ConfigureAwait(false);
        GraphLog.ReadDone(logger, location.MessageId, result.Status);
        return result;
    }

    private async Task<OriginalEmailResult> ReadAsync(GraphServiceClient client, TeamsMessageLocation location, CancellationToken ct)
    {
        ChatMessage? message;
        try
        {
            message = await GetMessageAsync(client, location, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            return MessageFailure(ex, location.MessageId);
        }

        if (message is null)
        {
            return new OriginalEmailResult(OriginalEmailStatus.NotFound, Problem: "Teams couldn't find that message; it may have been removed.");
        }

        var details = ToDetails(message, location.MessageId);
        if (message.DeletedDateTime is not null)
        {
            return new OriginalEmailResult(OriginalEmailStatus.Deleted, details, Problem: "That message has been deleted.");
        }

        string? problem = null;
        string? refused = null;
        var attachments = message.Attachments ?? [];
        foreach (var attachment in attachments.Where(a => IsReference(a) && HasExtension(a.Name, ".eml") && !string.IsNullOrEmpty(a.ContentUrl)))
        {
            try
            {
                var own = await OwnFileAsync(client, location, message, attachment.ContentUrl!, ct).ConfigureAwait(false);
                if (own is null)
                {
                    GraphLog.AttachmentRefused(logger, location.MessageId, location is ChannelMessageLocation ? "channel" : "chat");
                    refused = location is ChannelMessageLocation ? ChannelRefusal : ChatRefusal;
                    continue;
                }

                var outcome = await DownloadOwnFileAsync(client, own.Value.DriveId, own.Value.Item, attachment.Name!, details, ct).ConfigureAwait(false);
                if (outcome is not null)
                {
                    return outcome;
                }
            }
            catch (Exception ex) when (IsExpected(ex))
            {
                problem = FileFailure(ex, location.MessageId, "attachment");
            }
        }

        if (location is ChannelMessageLocation channel && problem is null)
        {
            try
            {
                var outcome = await FindInChannelFilesAsync(client, channel, details, ct).ConfigureAwait(false);
                if (outcome is not null)
                {
                    return outcome;
                }
            }
            catch (Exception ex) when (IsExpected(ex))
            {
                problem = FileFailure(ex, location.MessageId, "channel files");
            }
        }

        // Outlook .msg files are a binary (CFB) format our MIME parser can't read: say so rather than guess.
        var msg = attachments.FirstOrDefault(a => IsReference(a) && HasExtension(a.Name, ".msg"));
        if (msg is not null && problem is null)
        {
            return new OriginalEmailResult(OriginalEmailStatus.UnsupportedFormat, details,
                Problem: "The original email is attached as an Outlook .msg file, which the app can't read. Forward it as an .eml file, or use the message text.")
            {
                SkippedFileName = msg.Name,
            };
        }

        return new OriginalEmailResult(OriginalEmailStatus.MessageOnly, details,
            Problem: problem ?? refused ?? "The original email file wasn't found, so only the message as shown in Teams was read.");
    }

    private static Task<ChatMessage?> GetMessageAsync(GraphServiceClient client, TeamsMessageLocation location, CancellationToken ct) => location switch
    {
        // GET /chats/{chat-id}/messages/{message-id}  (Graph: chatmessage-get)
        ChatMessageLocation chat => client.Chats[chat.ChatId].Messages[chat.MessageId].GetAsync(cancellationToken: ct),

        // GET /teams/{team-id}/channels/{channel-id}/messages/{message-id}/replies/{reply-id}
        ChannelMessageLocation { IsReply: true } reply => client.Teams[reply.TeamGroupId].Channels[reply.ChannelId]
            .Messages[reply.RootMessageId].Replies[reply.MessageId].GetAsync(cancellationToken: ct),

        // GET /teams/{team-id}/channels/{channel-id}/messages/{message-id}
        ChannelMessageLocation post => client.Teams[post.TeamGroupId].Channels[post.ChannelId]
            .Messages[post.MessageId].GetAsync(cancellationToken: ct),

        _ => throw new ArgumentOutOfRangeException(nameof(location)),
    };

    /// <summary>
    /// The file a reference attachment names (GET /shares/{u!base64url}/driveItem, Graph: shares-get, metadata only),
    /// when it is the message's own: in a channel, inside the channel's files folder (same drive, and the folder among
    /// its parents); in a chat, in the sender's own OneDrive (Graph: drive-get, its owner), in the folder Teams keeps
    /// chat files in. Null for anything else: nothing of it is downloaded.
    /// </summary>
    private static async Task<(string DriveId, DriveItem Item)?> OwnFileAsync(GraphServiceClient client, TeamsMessageLocation location, ChatMessage message, string url, CancellationToken ct)
    {
        var item = await client.Shares[EncodeSharingUrl(url)].DriveItem
            .GetAsync(rc => rc.QueryParameters.Select = ["id", "name", "size", "parentReference"], ct).ConfigureAwait(false);
        if (item?.Id is null || item.ParentReference?.DriveId is not { } driveId || item.ParentReference.Id is not { } parentId)
        {
            return null;
        }

        if (location is ChannelMessageLocation channel)
        {
            var root = await client.Teams[channel.TeamGroupId].Channels[channel.ChannelId].FilesFolder.GetAsync(cancellationToken: ct).ConfigureAwait(false);
            if (root?.Id is null || !string.Equals(root.ParentReference?.DriveId, driveId, StringComparison.Ordinal))
            {
                return null;
            }

            for (var depth = 0; depth < MaxFolderDepth && parentId is not null; depth++)
            {
                if (string.Equals(parentId, root.Id, StringComparison.Ordinal))
                {
                    return (driveId, item);
                }

                var parent = await client.Drives[driveId].Items[parentId].GetAsync(rc => rc.QueryParameters.Select = ["id", "parentReference"], ct).ConfigureAwait(false);
                parentId = parent?.ParentReference?.Id;
            }

            return null;
        }

        var sender = message.From?.User?.Id;
        if (string.IsNullOrEmpty(sender) || !string.Equals(item.ParentReference.DriveType, "business", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var drive = await client.Drives[driveId].GetAsync(rc => rc.QueryParameters.Select = ["id", "owner"], ct).ConfigureAwait(false);
        if (!string.Equals(drive?.Owner?.User?.Id, sender, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var folder = await client.Drives[driveId].Items[parentId].GetAsync(rc => rc.QueryParameters.Select = ["id", "name"], ct).ConfigureAwait(false);
        return string.Equals(folder?.Name, ChatFilesFolder, StringComparison.OrdinalIgnoreCase) ? (driveId, item) : null;
    }

    /// <summary>Downloads the checked file from its own drive (GET /drives/{d}/items/{i}/content), never from the URL the message gave.</summary>
    private async Task<OriginalEmailResult?> DownloadOwnFileAsync(GraphServiceClient client, string driveId, DriveItem item, string name, TeamsMessageDetails details, CancellationToken ct)
    {
        // The size from the metadata lets us refuse an oversized file without downloading any of it.
        if (item.Size > holder.Options.MaxEmailBytes)
        {
            return TooLarge(details, item.Name ?? name);
        }

        // The content endpoint answers 302 to a pre-authenticated URL; the SDK's redirect handler follows it.
        var stream = await client.Drives[driveId].Items[item.Id].Content.GetAsync(cancellationToken: ct).ConfigureAwait(false);
        return await ToFoundAsync(stream, item.Name ?? name, AttachedSource, details, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Looks for the .eml saved when the email reached the channel address. Folder name "EmailMessages_&lt;month&gt;_&lt;year&gt;"
    /// is commonly reported but NOT documented by Microsoft (docs/teams-protocol.md §7, unconfirmed): check on a real tenant.
    /// </summary>
    private async Task<OriginalEmailResult?> FindInChannelFilesAsync(GraphServiceClient client, ChannelMessageLocation channel, TeamsMessageDetails details, CancellationToken ct)
    {
        // GET /teams/{team-id}/channels/{channel-id}/filesFolder → driveItem with parentReference.driveId (Graph: channel-get-filesfolder)
        var root = await client.Teams[channel.TeamGroupId].Channels[channel.ChannelId].FilesFolder.GetAsync(cancellationToken: ct).ConfigureAwait(false);
        var driveId = root?.ParentReference?.DriveId;
        if (root?.Id is null || driveId is null)
        {
            return null;
        }

        var rootChildren = await ListChildrenAsync(client, driveId, root.Id, ct).ConfigureAwait(false);
        var folders = rootChildren
            .Where(i => i.Folder is not null && i.Name is not null && i.Id is not null && i.Name.StartsWith("EmailMessages_", StringComparison.OrdinalIgnoreCase))
            .OrderBy(i => FolderMatchesMonth(i.Name!, details.CreatedDateTime) ? 0 : 1)
            .ThenByDescending(i => i.LastModifiedDateTime ?? i.CreatedDateTime ?? DateTimeOffset.MinValue)
            .Take(MaxEmailFoldersListed);

        var candidates = new List<(DriveItem Item, bool SubjectMatch, TimeSpan Distance)>();
        foreach (var folder in folders)
        {
            foreach (var file in await ListChildrenAsync(client, driveId, folder.Id!, ct).ConfigureAwait(false))
            {
                if (file.File is null || file.Id is null || !HasExtension(file.Name, ".eml"))
                {
                    continue;
                }

                var subjectMatch = SubjectInFileName(details.Subject, file.Name!);
                var distance = details.CreatedDateTime is { } created && file.CreatedDateTime is { } fileCreated
                    ? (fileCreated - created).Duration()
                    : TimeSpan.MaxValue;
                if ((subjectMatch && distance <= SubjectMatchWindow) || distance <= CloseInTime)
                {
                    candidates.Add((file, subjectMatch, distance));
                }
            }
        }

        var ranked = candidates.OrderByDescending(c => c.SubjectMatch).ThenBy(c => c.Distance).ToList();
        if (ranked.Count == 0)
        {
            return null;
        }

        var best = ranked[0];

        // Matched on time alone with a rival equally close: picking one could attach someone else's email. Don't.
        if (!best.SubjectMatch && ranked.Count > 1 && !ranked[1].SubjectMatch)
        {
            return null;
        }

        if (best.Item.Size > holder.Options.MaxEmailBytes)
        {
            return TooLarge(details, best.Item.Name!);
        }

        // GET /drives/{drive-id}/items/{item-id}/content → 302 to a pre-authenticated URL (Graph: driveitem-get-content)
        var stream = await client.Drives[driveId].Items[best.Item.Id].Content.GetAsync(cancellationToken: ct).ConfigureAwait(false);
        return await ToFoundAsync(stream, best.Item.Name!, ChannelFilesSource, details, ct).ConfigureAwait(false);
    }

    private static async Task<List<DriveItem>> ListChildrenAsync(GraphServiceClient client, string driveId, string itemId, CancellationToken ct)
    {
        // One page only, on purpose (bounded work); a folder with more than a page of emails is reported as not found.
        var page = await client.Drives[driveId].Items[itemId].Children.GetAsync(rc =>
        {
            rc.QueryParameters.Top = ChildrenPageSize;
            rc.QueryParameters.Select = ["id", "name", "size", "file", "folder", "createdDateTime", "lastModifiedDateTime"];
        }, ct).ConfigureAwait(false);
        return page?.Value ?? [];
    }

    private async Task<OriginalEmailResult> ToFoundAsync(Stream? stream, string fileName, string source, TeamsMessageDetails details, CancellationToken ct)
    {
        if (stream is null)
        {
            return new OriginalEmailResult(OriginalEmailStatus.MessageOnly, details, Problem: "The original email file was empty.");
        }

        await using (stream.ConfigureAwait(false))
        {
            var bytes = await ReadCappedAsync(stream, holder.Options.MaxEmailBytes, ct).ConfigureAwait(false);
            return bytes is null
                ? TooLarge(details, fileName)
                : new OriginalEmailResult(OriginalEmailStatus.Found, details, new OriginalEmailFile(fileName, bytes, source));
        }
    }

    /// <summary>Copies at most <paramref name="cap"/> bytes; returns null as soon as the stream proves longer (the rest is never read).</summary>
    internal static async Task<byte[]?> ReadCappedAsync(Stream stream, long cap, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private OriginalEmailResult TooLarge(TeamsMessageDetails details, string fileName)
    {
        GraphLog.TooLarge(logger, details.Id, holder.Options.MaxEmailBytes);
        var megabytes = (holder.Options.MaxEmailBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);
        return new OriginalEmailResult(OriginalEmailStatus.TooLarge, details,
            Problem: $"The original email is larger than {megabytes} MB, so the app didn't download it. Only the message as shown in Teams was read.")
        {
            SkippedFileName = fileName,
        };
    }

    /// <summary>"u!" + unpadded base64url of the URL, as the Graph shares-get doc describes for sharing URLs.</summary>
    internal static string EncodeSharingUrl(string url) =>
        "u!" + Convert.ToBase64String(Encoding.UTF8.GetBytes(url)).TrimEnd('=').Replace('/', '_').Replace('+', '-');

    private OriginalEmailResult MessageFailure(Exception ex, string messageId)
    {
        switch (Unwrap(ex))
        {
            case OperationCanceledException:
                GraphLog.TimedOut(logger, messageId, "message");
                return OriginalEmailResult.Failed("Microsoft Graph didn't answer in time, so the original message couldn't be read. Try again in a moment.");
            case ApiException { ResponseStatusCode: 404 }:
                GraphLog.GraphError(logger, 404, messageId, "message");
                return new OriginalEmailResult(OriginalEmailStatus.NotFound, Problem: "Teams couldn't find that message; it may have been removed.");
            case ApiException { ResponseStatusCode: 401 or 403 } api:
                GraphLog.GraphError(logger, api.ResponseStatusCode, messageId, "message");
                return OriginalEmailResult.NotAvailable("The app hasn't been given permission to read this channel or chat, so it can't read the original message.");
            case ApiException api:
                GraphLog.GraphError(logger, api.ResponseStatusCode, messageId, "message");
                return OriginalEmailResult.Failed("Microsoft Graph reported an error reading the message. Try again in a moment.");
            default:
                GraphLog.Unreachable(logger, ex, messageId, "message");
                return OriginalEmailResult.Failed("The app couldn't reach Microsoft Graph to read the message. Try again in a moment.");
        }
    }

    private string FileFailure(Exception ex, string messageId, string stage)
    {
        switch (Unwrap(ex))
        {
            case OperationCanceledException:
                GraphLog.TimedOut(logger, messageId, stage);
                return "The app ran out of time looking for the original email file, so only the message as shown in Teams was read.";
            case ApiException { ResponseStatusCode: 401 or 403 } api:
                GraphLog.GraphError(logger, api.ResponseStatusCode, messageId, stage);
                return "The app hasn't been given permission to read the channel's files, so only the message as shown in Teams was read.";
            case ApiException api:
                GraphLog.GraphError(logger, api.ResponseStatusCode, messageId, stage);
                return "Microsoft Graph reported an error fetching the original email file, so only the message as shown in Teams was read.";
            default:
                GraphLog.Unreachable(logger, ex, messageId, stage);
                return "The app couldn't fetch the original email file, so only the message as shown in Teams was read.";
        }
    }

    // Graph/transport failures and cancellation become statuses; programming errors still surface.
    // The SDK's retry handler reports exhausted retries as an AggregateException of the ApiExceptions it saw.
    private static bool IsExpected(Exception ex) =>
        ex is ApiException or HttpRequestException or OperationCanceledException or IOException
        || (ex is AggregateException agg && agg.InnerExceptions.All(IsExpected));

    private static Exception Unwrap(Exception ex) => ex is AggregateException agg && agg.InnerExceptions.Count > 0 ? Unwrap(agg.InnerExceptions[^1]) : ex;

    private static TeamsMessageDetails ToDetails(ChatMessage message, string fallbackId) => new(
        message.Id ?? fallbackId,
        message.Subject,
        message.Body?.Content,
        message.Body?.ContentType switch { BodyType.Html => "html", BodyType.Text => "text", _ => null },
        message.From?.User?.Id,
        message.From?.User?.DisplayName,
        message.CreatedDateTime,
        message.WebUrl);

    private static bool IsReference(ChatMessageAttachment a) => string.Equals(a.ContentType, "reference", StringComparison.OrdinalIgnoreCase);

    private static bool HasExtension(string? name, string extension) => name is not null && name.EndsWith(extension, StringComparison.OrdinalIgnoreCase);

    private static bool FolderMatchesMonth(string name, DateTimeOffset? created)
    {
        var m = FolderName().Match(name);
        return created is { } c && m.Success
            && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == c.UtcDateTime.Month
            && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) == c.UtcDateTime.Year;
    }

    /// <summary>File names of saved emails are commonly the subject with unsafe characters removed, so compare letters and digits only.</summary>
    internal static bool SubjectInFileName(string? subject, string fileName)
    {
        var s = LettersAndDigits(subject);
        var f = LettersAndDigits(Path.GetFileNameWithoutExtension(fileName));
        if (s.Length < 4 || f.Length == 0)
        {
            return false;
        }

        // Long subjects may be truncated in the file name.
        return f.Contains(s, StringComparison.Ordinal) || (s.Length > 24 && f.Contains(s[..24], StringComparison.Ordinal));
    }

    private static string LettersAndDigits(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }

        // Forwarding prefixes may or may not survive into the file name.
        var result = sb.ToString();
        foreach (var prefix in (string[])["fwd", "fw", "re"])
        {
            if (text.TrimStart().StartsWith(prefix + ":", StringComparison.OrdinalIgnoreCase) && result.StartsWith(prefix, StringComparison.Ordinal))
            {
                return result[prefix.Length..];
            }
        }

        return result;
    }

    [GeneratedRegex(@"^EmailMessages_(\d{1,2})_(\d{4})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FolderName();
}
