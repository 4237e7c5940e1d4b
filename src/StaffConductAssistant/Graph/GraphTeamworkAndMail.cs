using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.SendMail;
using Microsoft.Kiota.Abstractions;

namespace StaffConductAssistant.Graph;

/// <summary>Installing the app for a user, so the bot can message them proactively (teams-protocol.md §3, §8).</summary>
public interface ITeamsAppInstaller
{
    /// <summary>
    /// POST /users/{id}/teamwork/installedApps with <c>teamsApp@odata.bind</c> to the catalog app (Graph:
    /// userteamwork-post-installedapps). Throws <see cref="GraphUnavailableException"/> when it cannot.
    /// </summary>
    Task InstallForUserAsync(string userObjectId, string catalogAppId, CancellationToken ct);
}

/// <summary>Sending mail as the school's mailbox (Graph: user-sendmail, app-only Mail.Send scoped by Exchange RBAC).</summary>
public interface IMailSender
{
    /// <summary>
    /// Sends one message carrying <paramref name="marker"/> as an internet message header (Graph allows custom
    /// headers named x-…), so it can be found in Sent Items later. Throws <see cref="GraphUnavailableException"/>
    /// when Graph answered that it did not send it, and <see cref="MailOutcomeUnknownException"/> when no answer
    /// came (a timeout after Graph may have accepted it).
    /// </summary>
    Task SendAsync(string senderMailbox, string recipient, string subject, string plainTextBody, (string Name, string Value) marker, CancellationToken ct);

    /// <summary>Whether the mailbox's Sent Items hold a message with this marker header (its value), so a resend would send it twice.</summary>
    Task<bool> IsInSentItemsAsync(string senderMailbox, (string Name, string Value) marker, CancellationToken ct);
}

/// <summary>No answer came from sendMail: the message may or may not have gone. Never resend without looking first.</summary>
public sealed class MailOutcomeUnknownException : Exception
{
    public MailOutcomeUnknownException()
    {
    }

    public MailOutcomeUnknownException(string message)
        : base(message)
    {
    }

    public MailOutcomeUnknownException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

internal sealed class GraphTeamworkAndMail(GraphClientHolder holder) : ITeamsAppInstaller, IMailSender
{
    public async Task InstallForUserAsync(string userObjectId, string catalogAppId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(userObjectId);
        ArgumentException.ThrowIfNullOrEmpty(catalogAppId);
        var client = holder.Client ?? throw new GraphUnavailableException("Microsoft Graph is not configured.");
        var installation = new UserScopeTeamsAppInstallation
        {
            AdditionalData = new Dictionary<string, object>
            {
                ["teamsApp@odata.bind"] = $"{holder.Options.BaseUrl.TrimEnd('/')}/appCatalogs/teamsApps/{catalogAppId}",
            },
        };
        await CallAsync(() => client.Users[userObjectId].Teamwork.InstalledApps.PostAsync(installation, cancellationToken: ct), "install the app", ct).ConfigureAwait(false);
    }

    public async Task SendAsync(string senderMailbox, string recipient, string subject, string plainTextBody, (string Name, string Value) marker, CancellationToken ct)
    {
        var client = holder.Client ?? throw new GraphUnavailableException("Microsoft Graph is not configured.");
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = subject,
                Body = new ItemBody { ContentType = BodyType.Text, Content = plainTextBody },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = recipient } }],
                InternetMessageHeaders = [new InternetMessageHeader { Name = marker.Name, Value = marker.Value }],
            },
            SaveToSentItems = true,
        };
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(holder.Options.Timeout);
        try
        {
            await client.Users[senderMailbox].SendMail.PostAsync(body, cancellationToken: budget.Token).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            // Graph answered with an error: it did not accept the message (user-sendmail answers 202 when it does).
            throw new GraphUnavailableException($"Microsoft Graph couldn't send mail ({ex.ResponseStatusCode}).", ex);
        }
        catch (AggregateException ex)
        {
            throw new GraphUnavailableException("Microsoft Graph couldn't send mail.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The request may have reached Graph and been accepted before the answer was lost.
            throw new MailOutcomeUnknownException("Microsoft Graph didn't answer when asked to send mail.", ex);
        }
    }

    public async Task<bool> IsInSentItemsAsync(string senderMailbox, (string Name, string Value) marker, CancellationToken ct)
    {
        var client = holder.Client ?? throw new GraphUnavailableException("Microsoft Graph is not configured.");

        // A message's internet headers are the MAPI named properties of PS_INTERNET_HEADERS, which $filter can test
        // (Graph: singlevaluelegacyextendedproperty-get, "Get messages with a custom header").
        var id = $"String {{00020386-0000-0000-C000-000000000046}} Name {marker.Name}";
        var value = marker.Value.Replace("'", "''", StringComparison.Ordinal);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(holder.Options.Timeout);
        Microsoft.Graph.Models.MessageCollectionResponse? found = null;
        await CallAsync(async () => found = await client.Users[senderMailbox].MailFolders["SentItems"].Messages.GetAsync(r =>
        {
            r.QueryParameters.Filter = $"singleValueExtendedProperties/Any(ep: ep/id eq '{id}' and ep/value eq '{value}')";
            r.QueryParameters.Select = ["id"];
            r.QueryParameters.Top = 1;
        }, budget.Token).ConfigureAwait(false), "look in Sent Items", ct).ConfigureAwait(false);
        return found?.Value is { Count: > 0 };
    }

    private static async Task CallAsync(Func<Task> call, string what, CancellationToken ct)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            throw new GraphUnavailableException($"Microsoft Graph couldn't {what} ({ex.ResponseStatusCode}).", ex);
        }
        catch (AggregateException ex)
        {
            throw new GraphUnavailableException($"Microsoft Graph couldn't {what}.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new GraphUnavailableException($"Microsoft Graph didn't answer in time when asked to {what}.", ex);
        }
    }
}
