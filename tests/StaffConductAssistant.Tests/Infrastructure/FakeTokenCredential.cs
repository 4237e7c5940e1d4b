using Azure.Core;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>Stands in for Azure.Identity: hands out a fixed token and counts requests for one.</summary>
public sealed class FakeTokenCredential(string token = FakeTokenCredential.DefaultToken) : TokenCredential
{
    public const string DefaultToken = "fake-connector-token";

    private int _requests;

    public int TokenRequests => Volatile.Read(ref _requests);

    public IReadOnlyList<string[]> Scopes => [.. _scopes];

    private readonly System.Collections.Concurrent.ConcurrentQueue<string[]> _scopes = new();

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        _scopes.Enqueue(requestContext.Scopes);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
