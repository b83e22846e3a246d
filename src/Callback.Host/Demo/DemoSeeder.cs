using System.Text;
using Callback.Domain.Demo;
using Callback.Domain.Regions;
using Callback.Host.Configuration;
using Callback.Persistence;
using Callback.Persistence.Registry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Callback.Host.Demo;

/// <summary>
/// Fills an empty registry with synthetic persons on first start, imported through the ordinary import as a
/// synthetic version, so the demo shows real behaviour and its numbers are never dialled through a real provider.
/// </summary>
public sealed class DemoSeeder(
    CallbackDbContext db, RegistryImporter importer, RegionCatalog regions, IOptions<DemoOptions> options,
    IOptions<StorageOptions> storage, Common.InstanceName instance, TimeProvider time)
{
    public const string ImportedBy = "demo-generator";

    /// <summary>Returns the number of persons seeded (0 when the registry already had data or seeding is off).</summary>
    public async Task<int> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        var demo = options.Value;
        if (!demo.SeedOnFirstStart || demo.Persons == 0 || await db.RegistryVersions.AnyAsync(cancellationToken))
            return 0;

        var uploads = storage.Value.UploadsOf(instance);
        Directory.CreateDirectory(uploads);
        var path = Path.Combine(uploads, $"demo-{Guid.NewGuid():N}.csv");
        try
        {
            await using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
                new SyntheticRegistryGenerator(regions).WriteCsv(writer, demo.Persons, DateOnly.FromDateTime(time.GetLocalNow().Date));

            await using var file = File.OpenRead(path);
            var report = await importer.ImportAsync(file, new ImportRequest("demo-registry.csv", ImportedBy, Synthetic: true), cancellationToken: cancellationToken);
            return report.Added;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
