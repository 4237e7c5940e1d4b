using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StaffConductAssistant.Data;

/// <summary>
/// Makes SQLite itself wait for the write lock (PRAGMA busy_timeout on every connection the app opens) instead of
/// answering "database is locked" at once. Microsoft.Data.Sqlite retries a busy statement only while stepping it: the
/// lock an autocommit write needs when it finishes (its implicit COMMIT, taken in sqlite3_reset, e.g. after EF's
/// UPDATE … RETURNING) is not retried before EF Core 11 (dotnet/efcore#36295, fixed by #36657 for 11 only), so two
/// saves a few milliseconds apart (a double click, install events arriving together) failed with a 500. SQLite's own
/// busy handler covers every lock it takes, including that one. One instance per database is the design (README), so
/// waiting here serialises writers; PostgreSQL needs none of this.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    /// <summary>As long as Microsoft.Data.Sqlite's own command timeout (30 s): a writer waits, it is never refused sooner.</summary>
    public const int Milliseconds = 30_000;

    public static readonly SqliteBusyTimeout Instance = new();

    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
