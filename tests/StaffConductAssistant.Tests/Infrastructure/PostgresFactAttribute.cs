namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>A test that needs PostgreSQL: skipped, with the reason, when no server is configured (CI configures one).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresDatabase.ServerConnectionString is null)
        {
            Skip = $"PostgreSQL tests need {PostgresDatabase.Variable} (a connection string to a server they may create databases on); .ci/run sets it.";
        }
    }
}
