using System.Net.Http.Headers;
using System.Text.Json;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Tab;

/// <summary>The people the tab tests act as, by Entra object id (the same ids the Agents Playground uses).</summary>
public static class People
{
    public const string Slt = "00000000-0000-0000-0000-0000000000020";
    public const string Headmistress = "00000000-0000-0000-0000-0000000000021";
    public const string Teacher = "00000000-0000-0000-0000-0000000000022";
    public const string OtherTeacher = "00000000-0000-0000-0000-0000000000023";
    public const string TenantId = "00000000-0000-0000-0000-0000000000aa";
    public const string ClientId = TestTokenIssuer.DefaultAppId;
    public const string Domain = "conduct.stjohnspriory.example";

    public static readonly Dictionary<string, string?> Roles = new()
    {
        ["Roles:Users:" + Slt] = "Staff,Slt",
        ["Roles:Users:" + Headmistress] = "Staff,Headmistress",
        ["Roles:Users:" + Teacher] = "Staff",
        ["Roles:Users:" + OtherTeacher] = "Staff",
    };
}

/// <summary>Builders for the data the tab tests need; each test makes its own.</summary>
public static class TabData
{
    public static Concern Concern(string group, string postedBy, string loggedBy, CaseState state = CaseState.Logged, DateTimeOffset? loggedAt = null, params string[] conduct) => new()
    {
        Group = group,
        PostedBy = postedBy,
        PostedByKey = string.Join(' ', postedBy.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant(),
        LoggedByUserId = loggedBy,
        LoggedAt = loggedAt ?? DateTimeOffset.UtcNow.AddDays(-3),
        UpdatedAt = DateTimeOffset.UtcNow,
        State = state,
        Quote = "Honestly the way Miss Turner runs that class is a joke.",
        ConductIdsJson = JsonSerializer.Serialize(conduct.Length > 0 ? conduct : ["grievances-about-people"]),
        ReporterName = "A worried parent",
        ReporterEmail = "parent@example.org",
    };

    public static Moderator Moderator(string group, string name, bool acknowledged = true) => new()
    {
        Group = group,
        ParentName = name,
        Contact = "+44 7700 900123",
        NotifiedOn = new DateOnly(2025, 9, 10),
        AcknowledgedCodeOfConduct = acknowledged,
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
    };

    public static async Task<T> AddAsync<T>(this AppHost app, T entity)
        where T : class
    {
        await app.WithDbAsync(async db =>
        {
            db.Add(entity);
            await db.SaveChangesAsync();
            return 0;
        });
        return entity;
    }
}

/// <summary>
/// The app in production shape: Teams SSO tokens only, signed by <see cref="TestTokenIssuer"/> (playing Entra) on loopback.
/// </summary>
public sealed class TabApiHost : IAsyncDisposable
{
    private TabApiHost(AppHost app, TestTokenIssuer issuer)
    {
        App = app;
        Issuer = issuer;
    }

    public AppHost App { get; }

    public TestTokenIssuer Issuer { get; }

    public static string V2Issuer => $"https://login.microsoftonline.com/{People.TenantId}/v2.0";

    public static string ApplicationIdUri => $"api://{People.Domain}/{People.ClientId}";

    public static async Task<TabApiHost> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var issuer = await TestTokenIssuer.StartAsync();
        var settings = new Dictionary<string, string?>(People.Roles)
        {
            ["Bot:AppId"] = People.ClientId,
            ["Bot:TenantId"] = People.TenantId,
            ["Bot:OpenIdMetadataUrl"] = issuer.MetadataUrl.ToString(),
            ["App:PublicBaseUrl"] = $"https://{People.Domain}/",
            ["TabAuth:MetadataUrl"] = issuer.MetadataUrl.ToString(),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new TabApiHost(new AppHost("Production", settings), issuer);
    }

    /// <summary>A Teams SSO token (v2 by default) for the user; change any claim to make a bad one.</summary>
    public string Token(string userId, string? audience = null, string? issuer = null, string tenant = People.TenantId, string scope = "access_as_user", DateTimeOffset? expires = null, DateTimeOffset? notBefore = null) =>
        Issuer.CreateToken(new TestTokenOptions
        {
            Issuer = issuer ?? V2Issuer,
            Audience = audience ?? People.ClientId,
            ServiceUrl = null,
            Expires = expires,
            NotBefore = notBefore,
            Claims = new Dictionary<string, object> { ["oid"] = userId, ["tid"] = tenant, ["scp"] = scope, ["name"] = "Test User" },
        });

    public HttpClient Client(string? token)
    {
        var client = App.CreateHttpClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public HttpClient As(string userId) => Client(Token(userId));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}
