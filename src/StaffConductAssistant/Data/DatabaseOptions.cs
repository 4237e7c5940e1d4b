using System.ComponentModel.DataAnnotations;

namespace StaffConductAssistant.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (the default, embedded, no Azure needed) or Postgres (Azure).</summary>
    [Required]
    [RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Database:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";

    [Required(ErrorMessage = "Database:ConnectionString is required.")]
    public string ConnectionString { get; set; } = "Data Source=staff-conduct.db";

    /// <summary>
    /// PostgreSQL only: the user-assigned managed identity whose Microsoft Entra token is the app's password (the
    /// connection string names its role and has no password). Empty: the connection string's own credentials.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// PostgreSQL only: the privileged role that applies migrations at start (in Azure, the server's Entra
    /// administrator), so that the app's own role (the connection string's) can only read and write data.
    /// Empty: the app's own login migrates (SQLite, a developer's server).
    /// </summary>
    public string? MigrationUsername { get; set; }

    /// <summary>The user-assigned managed identity that signs <see cref="MigrationUsername"/> in.</summary>
    public string? MigrationManagedIdentityClientId { get; set; }

    /// <summary>
    /// The Entra object id of the app's managed identity: if the app's role does not exist yet, the migration step creates
    /// it for this principal (Azure's pgaadauth extension). Empty: the role must exist already.
    /// </summary>
    public string? AppRoleObjectId { get; set; }

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    public bool HasMigrationLogin => IsPostgres && !string.IsNullOrWhiteSpace(MigrationUsername);
}
