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
        var columns = new RevisionColumns(db);
        var population = new List<byte[]>();
        var filter = regions.FindUnit(unitOrCounty) is not null ? columns.UnitColumn : columns.CountyColumn;
        await ReadAsync(columns, version, (filter, unitOrCounty), (_, member) => population.Add(member), cancellationToken).ConfigureAwait(false);
        return population;
    }

    /// <summary>
    /// Every unit's population at once, in one pass over the registry's covering index, handed over a member at a
    /// time (unit code as a number, certificate number as UTF-8) so that the caller can key members while reading.
    /// </summary>
    public Task ReadPopulationsAsync(long version, Action<long, byte[]> member, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        return ReadAsync(new RevisionColumns(db), version, null, member, cancellationToken);
    }

    /// <summary>
    /// A plain reader, built from the model: a draw reads up to a million certificate numbers, which EF would
    /// materialise one object at a time. The query is answered from the covering index alone, and unit codes
    /// (six digits) are read as numbers, so no row costs a string.
    /// </summary>
    private async Task ReadAsync(
        RevisionColumns columns, long version, (string Column, string Code)? filter, Action<long, byte[]> member, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = columns.PopulationSql(filter?.Column);
            Add(command, "@version", version);
            if (filter is { } f)
            {
                // A fixed-length code, as the column is: PostgreSQL then compares within the index instead of casting every row.
                Add(command, "@code", f.Code);
                command.Parameters[^1].DbType = System.Data.DbType.StringFixedLength;
            }
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            // SQLite hands text over as its UTF-8 bytes and a column of digits as a number; PostgreSQL's typed columns
            // come as strings (the fixed-length ones padded), turned into the same bytes and number here.
            var sqlite = connection is Microsoft.Data.Sqlite.SqliteConnection;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (sqlite)
                    member(reader.GetInt64(1), reader.GetFieldValue<byte[]>(0));
                else
                    member(long.Parse(reader.GetString(1).AsSpan().Trim(), System.Globalization.CultureInfo.InvariantCulture),
                        System.Text.Encoding.UTF8.GetBytes(reader.GetString(0).TrimEnd()));
            }
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
