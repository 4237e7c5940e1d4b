using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Runtime.Versioning;
using System.Text;
using Microsoft.Data.Sqlite;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Infra;

/// <summary>Hygiene around the data: the unauthenticated local mode never reached through a proxy, the SQLite file private.</summary>
public sealed class HygieneTests
{
    public static TheoryData<string, string> Forwarding => new()
    {
        { "X-Forwarded-For", "203.0.113.7" },
        { "Forwarded", "for=203.0.113.7;proto=https" },
        { "X-Forwarded-Host", "abcd-3978.devtunnels.ms" },
    };

    [Theory]
    [MemberData(nameof(Forwarding))]
    public async Task Local_mode_refuses_a_loopback_request_that_a_proxy_or_tunnel_forwarded(string header, string value)
    {
        await using var app = new AppHost("Development");
        using var client = app.CreateHttpClient();

        // The same loopback caller without the header is local: the development sign-in lists its users.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/tab/dev-users")).StatusCode);

        using var tabRequest = new HttpRequestMessage(HttpMethod.Get, "api/tab/dev-users");
        tabRequest.Headers.TryAddWithoutValidation(header, value);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(tabRequest)).StatusCode);

        using var botRequest = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(TeamsActivities.Message(serviceUrl: "http://localhost:56150/_connector"), Encoding.UTF8, "application/json"),
        };
        botRequest.Headers.TryAddWithoutValidation(header, value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(botRequest)).StatusCode);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task The_SQLite_database_file_is_readable_and_writable_by_its_owner_only()
    {
        var directory = Directory.CreateTempSubdirectory("sca-mode-").FullName;
        var file = Path.Combine(directory, "app.db");
        try
        {
            await using (var app = new AppHost("Development", new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={file}" }))
            {
                _ = app.BaseAddress;
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            // An existing file left readable by others is tightened at the next start.
            SqliteConnection.ClearAllPools();
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            await using (var again = new AppHost("Development", new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={file}" }))
            {
                _ = again.BaseAddress;
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>No personal data in URLs: the concerns list filters by parent only from a posted body.</summary>
public sealed class ParentFilterTests
{
    [Fact]
    public async Task The_parent_filter_is_posted_and_a_parent_in_the_query_string_filters_nothing()
    {
        await using var host = await StaffConductAssistant.Tests.Tab.TabApiHost.StartAsync();
        await StaffConductAssistant.Tests.Tab.TabData.AddAsync(host.App, StaffConductAssistant.Tests.Tab.TabData.Concern("Year 4", "Daniel Price", StaffConductAssistant.Tests.Tab.People.Teacher));
        await StaffConductAssistant.Tests.Tab.TabData.AddAsync(host.App, StaffConductAssistant.Tests.Tab.TabData.Concern("Year 4", "Craig Mercer", StaffConductAssistant.Tests.Tab.People.Teacher));
        using var slt = host.As(StaffConductAssistant.Tests.Tab.People.Slt);

        var posted = await (await slt.PostAsJsonAsync("api/tab/concerns/search", new { parent = "daniel" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Daniel Price", Assert.Single(posted.GetProperty("items").EnumerateArray()).GetProperty("postedBy").GetString());

        var byUrl = await slt.GetFromJsonAsync<JsonElement>("api/tab/concerns?parent=daniel");
        Assert.Equal(2, byUrl.GetProperty("items").GetArrayLength());
    }
}
