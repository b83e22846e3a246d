using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Callback.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the context without starting the host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<CallbackDbContext>
{
    public CallbackDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CallbackDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
