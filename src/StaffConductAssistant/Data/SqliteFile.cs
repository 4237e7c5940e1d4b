using Microsoft.Data.Sqlite;

namespace StaffConductAssistant.Data;

/// <summary>
/// The SQLite database holds concerns about parents and children: readable and writable by the app's own user only
/// (0600). SQLite gives its journal and WAL files the database file's permissions, so they follow.
/// </summary>
public static class SqliteFile
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateForOwnerOnly(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrWhiteSpace(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.GetFullPath(source);
        if (!File.Exists(path))
        {
            using var created = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        }
        else
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }
}
