using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Registry.Import;

namespace Callback.Domain.Sampling;

/// <summary>
/// The population of a unit read straight from a registry export, with the same checks an import applies
/// (rejected rows and later duplicates left out), so that a draw can be re-derived without Callback's database.
/// </summary>
public static class RegistryPopulation
{
    public static List<string> FromExport(Stream file, string unitOrCounty, RegionCatalog regions, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var validator = new RegistryRowValidator(regions, new PhoneListParser());
        var seen = new HashSet<long>();
        var population = new List<string>();
        using var source = RegistryFile.Open(file);
        while (source.Read())
        {
            // Phone numbers never reject a row, so they are not parsed here.
            if (validator.Validate(source.Row, source.Cells, today, parsePhones: false).Record is not { } record)
                continue;
            if (!seen.Add(CertificateNumber.Key(record.CertificateNumber)))
                continue;
            if (record.UnitCode == unitOrCounty || record.CountyCode == unitOrCounty)
                population.Add(record.CertificateNumber);
        }

        population.Sort(StringComparer.Ordinal);
        return population;
    }
}
