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
        ArgumentException.ThrowIfNullOrEmpty(userObjectId);
        ArgumentException.ThrowIfNullOrEmpty(groupObjectId);
        var client = holder.Client ?? throw new GraphUnavailableException("Microsoft Graph is not configured.");

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(holder.Options.Timeout);
        try
        {
            var response = await client.Users[userObjectId].CheckMemberGroups
                .PostAsCheckMemberGroupsPostResponseAsync(new CheckMemberGroupsPostRequestBody { GroupIds = [groupObjectId] }, cancellationToken: budget.Token)
                .ConfigureAwait(false);
            return response?.Value?.Any(id => string.Equals(id, groupObjectId, StringComparison.OrdinalIgnoreCase)) ?? false;
        }
        catch (ApiException ex) when (ex.ResponseStatusCode == 404)
        {
            // An unknown user (e.g. a guest removed from the tenant) is not a member of anything.
            return false;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.LastOrDefault() is ApiException api)
        {
            // Retries exhausted (throttling or unavailable).
            GraphLog.MembershipCheckFailed(logger, api.ResponseStatusCode, groupObjectId);
            throw new GraphUnavailableException("Microsoft Graph couldn't check group membership.", ex);
        }
        catch (ApiException ex)
        {
            GraphLog.MembershipCheckFailed(logger, ex.ResponseStatusCode, groupObjectId);
            throw new GraphUnavailableException("Microsoft Graph couldn't check group membership.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new GraphUnavailableException("Microsoft Graph didn't answer the group membership check in time.", ex);
        }
    }
}
