using Callback.Domain.Registry;
using Microsoft.EntityFrameworkCore;

namespace Callback.Persistence.Registry;

/// <summary>Reads the registry as it was at any version.</summary>
public sealed class RegistryQueries(CallbackDbContext db)
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
    /// when a county code is given) at the version, ordered ordinally.
    /// </summary>
    public Task<List<string>> PopulationAsync(string unitOrCounty, long version, CancellationToken cancellationToken = default) =>
        AtVersion(version)
            .Where(p => p.UnitCode == unitOrCounty || p.CountyCode == unitOrCounty)
            .Select(p => p.CertificateNumber)
            .OrderBy(c => c)
            .ToListAsync(cancellationToken);

    public Task<List<RegistryVersion>> VersionsAsync(CancellationToken cancellationToken = default) =>
        db.RegistryVersions.AsNoTracking().OrderByDescending(v => v.Id).ToListAsync(cancellationToken);

    public Task<RegistryVersion?> VersionAsync(long id, CancellationToken cancellationToken = default) =>
        db.RegistryVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, cancellationToken);
}
