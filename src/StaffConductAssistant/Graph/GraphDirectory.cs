using Microsoft.Graph.Users.Item.CheckMemberGroups;
using Microsoft.Kiota.Abstractions;

namespace StaffConductAssistant.Graph;

/// <summary>
/// POST /users/{id}/checkMemberGroups with one group id: Graph answers with the subset of the given groups the user
/// is a member of, directly or transitively (Graph: directoryobject-checkmembergroups).
/// </summary>
internal sealed class GraphDirectory(GraphClientHolder holder, ILogger<GraphDirectory> logger) : IDirectoryGraph
{
    public async Task<bool> IsTransitiveMemberAsync(string userObjectId, string groupObjectId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupObjectId);
        return (await MemberGroupsAsync(userObjectId, [groupObjectId], ct).ConfigureAwait(false)).Contains(groupObjectId);
    }

    public async Task<IReadOnlyList<(string Id, string DisplayName)>> UsersWithSurnameAsync(string surname, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(surname);
        var client = holder.Client ?? throw new GraphUnavailableException("Microsoft Graph is not configured.");
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(holder.Options.Timeout);
        try
        {
            // OData string literals double a single quote (O'Brien → O''Brien).
            var literal = surname.Replace("'", "''", StringComparison.Ordinal);
            var users = await client.Users.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"surname eq '{literal}'";
                r.QueryParameters.Select = ["id", "displayName"];
                r.QueryParameters.Top = 50;
            }, budget.Token).ConfigureAwait(false);
            return users?.Value?.Where(u => u.Id is not null).Select(u => (u.Id!, u.DisplayName ?? string.Empty)).ToList() ?? [];
        }
        catch (Exception ex) when (ex is ApiException or AggregateException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new GraphUnavailableException("Microsoft Graph couldn't look up the staff named.", ex);
        }
    }

    public async Task<IReadOnlySet<string>> MemberGroupsAsync(string userObjectId, IReadOnlyCollection<string> groupObjectIds, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(userObjectId);
        ArgumentNullException.ThrowIfNull(groupObjectIds);
        if (groupObjectIds.Count == 0)
        {
            return new HashSet<string>();
        }

        var client = holder.Client ?? throw new GraphUnavailableException("Microsoft Graph is not configured.");

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(holder.Options.Timeout);
        try
        {
            var response = await client.Users[userObjectId].CheckMemberGroups
                .PostAsCheckMemberGroupsPostResponseAsync(new CheckMemberGroupsPostRequestBody { GroupIds = [.. groupObjectIds] }, cancellationToken: budget.Token)
                .ConfigureAwait(false);
            return (response?.Value ?? []).Where(id => groupObjectIds.Contains(id, StringComparer.OrdinalIgnoreCase)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 404)
        {
            // An unknown user (e.g. a guest removed from the tenant) is not a member of anything.
            return new HashSet<string>();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.LastOrDefault() is ApiException api)
        {
            // Retries exhausted (throttling or unavailable).
            GraphLog.MembershipCheckFailed(logger, api.ResponseStatusCode, groupObjectIds.First());
            throw new GraphUnavailableException("Microsoft Graph couldn't check group membership.", ex);
        }
        catch (ApiException ex)
        {
            GraphLog.MembershipCheckFailed(logger, ex.ResponseStatusCode, groupObjectIds.First());
            throw new GraphUnavailableException("Microsoft Graph couldn't check group membership.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new GraphUnavailableException("Microsoft Graph didn't answer the group membership check in time.", ex);
        }
    }
}
