using System.Globalization;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Callback.Persistence.Registry;

/// <summary>Reads the registry as it was at any version.</summary>
public sealed class RegistryQueries(CallbackDbContext db, RegionCatalog regions)
{
    /// <summary>Every person's record as it stood at <paramref name="version"/>.</summary>
    public IQueryable<PersonRevision> AtVersion(long version) => db.PersonRevisions.AsNoTracking()
        .Where(p => p.ValidFromVersion <= version && (p.ValidToVersion == null || p.ValidToVersion > version));

    public async Task<long?> LatestVersionAsync(CancellationToken cancellationToken = default) =>
        await db.RegistryVersions.MaxAsync(v => (long?)v.Id, cancellationToken).ConfigureAwait(false);

    public Task<PersonRevision?> PersonAtVersionAsync(string certificateNumber, long version, CancellationToken cancellationToken = default) =>
        AtVersion(version).FirstOrDefaultAsync(p => p.CertificateNumber == certificateNumber, cancellationToken);

    /// <summary>All states a person's record has had, oldest first.</summary>
    public Task<List<PersonRevision>> HistoryAsync(string certificateNumber, CancellationToken cancellationToken = default) =>
        db.PersonRevisions.AsNoTracking()
            .Where(p => p.CertificateNumber == certificateNumber)
            .OrderBy(p => p.ValidFromVersion)
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The certificate numbers a draw is taken from: every active record of an inspection unit (or of one county,
    /// when a county code is given) at the version, as UTF-8 bytes, in no particular order (the draw does not depend on it).
    /// </summary>
    public async Task<List<byte[]>> PopulationAsync(string unitOrCounty, long version, CancellationToken cancellationToken = default)
    {
        var byUnit = regions.FindUnit(unitOrCounty) is not null;
        var populations = await QueryPopulationsAsync(version, byUnit ? "unit" : "county", unitOrCounty, cancellationToken).ConfigureAwait(false);
        return populations.Values.SelectMany(p => p).ToList();
    }

    /// <summary>
    /// Every unit's population at once, in one pass over the registry's covering index, handed over a member at a
    /// time (unit code as a number, certificate number as UTF-8) so that the caller can key members while reading.
    /// </summary>
    public async Task ReadPopulationsAsync(long version, Action<long, byte[]> member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        var columns = new RevisionColumns(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = columns.PopulationSql(null);
            Add(command, "@version", version);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                member(reader.GetInt64(1), reader.GetFieldValue<byte[]>(0));
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A plain reader, built from the model: a draw reads up to a million certificate numbers, which EF would
    /// materialise one object at a time. The query is answered from the covering index alone.
    /// </summary>
    private async Task<Dictionary<string, List<byte[]>>> QueryPopulationsAsync(long version, string? filter, string? code, CancellationToken cancellationToken)
    {
        var columns = new RevisionColumns(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = columns.PopulationSql(filter switch { "unit" => columns.UnitColumn, "county" => columns.CountyColumn, _ => null });
            Add(command, "@version", version);
            if (code is not null)
                Add(command, "@code", code);
            // Unit codes are six digits: read as numbers, they cost no string per row.
            var byCode = new Dictionary<long, List<byte[]>>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var unit = reader.GetInt64(1);
                if (!byCode.TryGetValue(unit, out var members))
                    byCode[unit] = members = [];
                members.Add(reader.GetFieldValue<byte[]>(0));
            }

            return byCode.ToDictionary(p => p.Key.ToString("D6", CultureInfo.InvariantCulture), p => p.Value, StringComparer.Ordinal);
        }
        finally
        {
            await db.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public Task<List<RegistryVersion>> VersionsAsync(CancellationToken cancellationToken = default) =>
        db.RegistryVersions.AsNoTracking().OrderByDescending(v => v.Id).ToListAsync(cancellationToken);

    public Task<RegistryVersion?> VersionAsync(long id, CancellationToken cancellationToken = default) =>
        db.RegistryVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
}
