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
    Task SendAsync(string senderMailbox, string recipient, string subject, string plainTextBody, CancellationToken ct);
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

    public async Task SendAsync(string senderMailbox, string recipient, string subject, string plainTextBody, CancellationToken ct)
    {
        var client = holder.Client ?? throw new GraphUnavailableException("Microsoft Graph is not configured.");
        var body = new SendMailPostRequestBody
        {
            Message = new Message
            {
                Subject = subject,
                Body = new ItemBody { ContentType = BodyType.Text, Content = plainTextBody },
                ToRecipients = [new Recipient { EmailAddress = new EmailAddress { Address = recipient } }],
            },
            SaveToSentItems = true,
        };
        await CallAsync(() => client.Users[senderMailbox].SendMail.PostAsync(body, cancellationToken: ct), "send mail", ct).ConfigureAwait(false);
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
