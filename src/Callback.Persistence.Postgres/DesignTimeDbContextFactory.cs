using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Callback.Persistence.Postgres;

/// <summary>
/// Lets `dotnet ef migrations add X --project src/Callback.Persistence.Postgres` build the PostgreSQL model without a
/// server (generating a migration never connects).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CallbackDbContext>
{
    public CallbackDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CallbackDbContext>()
            .UseNpgsql("Host=localhost;Database=callback_design", npgsql => npgsql.MigrationsAssembly(DatabaseConnection.PostgresMigrationsAssembly))
            .Options);
}
