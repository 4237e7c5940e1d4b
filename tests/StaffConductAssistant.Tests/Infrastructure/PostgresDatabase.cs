using Npgsql;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database per test, on the server named by SCA_TEST_POSTGRES (CI starts one on loopback).
/// Without that variable the PostgreSQL tests are skipped with a message saying why.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string Variable = "SCA_TEST_POSTGRES";

    private readonly string adminConnectionString;
    private readonly string name = "sca_test_" + Guid.NewGuid().ToString("N")[..12];

    private PostgresDatabase(string adminConnectionString)
    {
        this.adminConnectionString = adminConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
    }

    public static string? ServerConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var admin = ServerConnectionString ?? throw new InvalidOperationException($"{Variable} is not set.");
        var db = new PostgresDatabase(admin);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{db.name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
