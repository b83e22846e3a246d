using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Callback.Domain.Inspections;
using Callback.Domain.Regions;
using Callback.Domain.Sampling;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Persistence;
using Callback.Persistence.Registry;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Sampling;

/// <summary>Draws and seals: one unit, or every unit of an inspection at once (and, in a spot check, its counties).</summary>
public sealed class DrawService(
    CallbackDbContext db, RegistryQueries registry, RegionCatalog regions, InspectionEvents events, TimeProvider time)
{
    public const string PersonsFilter = "every active record of the unit at the registry version";
    public const string CountiesFilter = "every county of the inspection unit";

    public sealed record Request(string Unit, DrawKind Kind, int Counties);

    /// <summary>
    /// Checks the requests and the seed (against the published commitment, which mutual and spot checks require),
    /// draws every unit's persons from one pass over the registry (members keyed on this thread while another
    /// reads), then seals all the draws in one transaction.
    /// </summary>
    public async Task<List<SealedDraw>> DrawAsync(Inspection inspection, string seed, IReadOnlyList<Request> requests, ClaimsPrincipal user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        ArgumentNullException.ThrowIfNull(requests);
        foreach (var request in requests)
            Validate(inspection, request);
        SampleDraw.ValidateSeed(seed);
        if (inspection.RequiresCommitment && inspection.SeedCommitment is null)
        {
            throw RequestRefusedException.Conflict("commitment-required",
                $"{Inspection.Text(inspection.Kind)}须先公布种子的承诺值（SHA-256，PUT /api/inspections/{inspection.Id}/commitment），再抽取：这样谁也不能换种子挑选样本");
        }

        if (inspection.SeedCommitment is { } commitment && SampleDraw.Commitment(seed) != commitment)
            throw new DrawException("seed-commitment-mismatch", "种子与事先公布的承诺值（SHA-256）不符，抽取被拒绝");
        var existing = await db.Draws.Where(d => d.InspectionId == inspection.Id).Select(d => new { d.Kind, d.Unit }).ToListAsync(ct);
        if (requests.FirstOrDefault(r => existing.Any(e => e.Kind == r.Kind && e.Unit == r.Unit)) is { } again)
            throw RequestRefusedException.Conflict("already-drawn", $"单位 {again.Unit} 已完成抽取并封存，不能重抽");

        var now = time.GetUtcNow();
        var drawnBy = user.NameOrUnknown();
        var persons = await DrawPersonsAsync(inspection, seed, [.. requests.Where(r => r.Kind == DrawKind.Persons).Select(r => r.Unit)], ct);
        var draws = requests.Select(request => Seal(inspection, seed, request, request.Kind == DrawKind.Persons
            ? persons[request.Unit]
            : SampleDraw.Draw(seed, request.Unit, regions.FindUnit(request.Unit)!.CountyCodes, Math.Min(request.Counties, regions.FindUnit(request.Unit)!.CountyCodes.Count), 0),
            now, drawnBy)).ToList();

        db.Draws.AddRange(draws);
        db.Attach(inspection);
        inspection.FrozenAt ??= now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw RequestRefusedException.Conflict("already-drawn", "抽取结果刚刚已被封存，不能重抽");
        }

        foreach (var draw in draws)
            await events.PublishAsync(inspection.Id, draw.Unit, new DrawSealed(draw.Kind.ToString(), draw.PopulationSize, draw.PopulationHash));
        return [.. draws];
    }

    /// <summary>Every unit of the inspection, and in a spot check two counties of each.</summary>
    public static List<Request> Everything(Inspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        var requests = inspection.UnitCodes.Select(u => new Request(u, DrawKind.Persons, 0)).ToList();
        if (inspection.Kind == InspectionKind.SpotCheck)
            requests.AddRange(inspection.UnitCodes.Select(u => new Request(u, DrawKind.Counties, 2)));
        return requests;
    }

    private void Validate(Inspection inspection, Request request)
    {
        if (!inspection.UnitCodes.Contains(request.Unit))
            throw RequestRefusedException.BadRequest("unit-not-in-inspection", $"单位 {request.Unit} 不在本次检查范围内");
        if (request.Kind == DrawKind.Counties)
        {
            if (inspection.Kind != InspectionKind.SpotCheck)
                throw RequestRefusedException.BadRequest("counties-only-in-spot-check", "只有抽查需要抽取旗县");
            if (request.Counties is < 1 or > 2)
                throw RequestRefusedException.BadRequest("bad-county-count", "每个盟市抽查一到两个旗县");
        }
    }

    /// <summary>
    /// The persons' draws. One unit: a query for it alone. Several: one pass over the registry on one thread, while
    /// this one keys the members as they arrive; then each unit's population hash, in parallel.
    /// </summary>
    private async Task<Dictionary<string, DrawResult>> DrawPersonsAsync(Inspection inspection, string seed, IReadOnlyList<string> units, CancellationToken ct)
    {
        var (n, r) = (inspection.Policy.PersonsPerUnit, inspection.Policy.Reserves);
        if (units.Count <= 1)
        {
            return units.Count == 0 ? [] : new Dictionary<string, DrawResult>
            {
                [units[0]] = SampleDraw.Draw(seed, units[0], await registry.PopulationAsync(units[0], inspection.RegistryVersion, ct), n, r),
            };
        }

        var drawers = units.ToDictionary(u => long.Parse(u, CultureInfo.InvariantCulture), u => new SampleDrawer(seed, u, n, r));
        try
        {
            using var queue = new BlockingCollection<List<(long Unit, byte[] Member)>>(boundedCapacity: 8);
            var reading = Task.Run(async () =>
            {
                try
                {
                    var batch = new List<(long, byte[])>(4096);
                    await registry.ReadPopulationsAsync(inspection.RegistryVersion, (unit, member) =>
                    {
                        batch.Add((unit, member));
                        if (batch.Count == 4096)
                        {
                            queue.Add(batch, ct);
                            batch = new List<(long, byte[])>(4096);
                        }
                    }, ct);
                    queue.Add(batch, ct);
                }
                finally
                {
                    queue.CompleteAdding();
                }
            }, ct);

            foreach (var batch in queue.GetConsumingEnumerable(ct))
            {
                foreach (var (unit, member) in batch)
                    drawers.GetValueOrDefault(unit)?.Add(member);
            }

            await reading;
            var results = new DrawResult[units.Count];
            var drawerList = drawers.Values.ToList();
            Parallel.For(0, drawerList.Count, new ParallelOptions { CancellationToken = ct }, i => results[i] = drawerList[i].Complete());
            return results.ToDictionary(d => d.Unit);
        }
        finally
        {
            foreach (var drawer in drawers.Values)
                drawer.Dispose();
        }
    }

    private static SealedDraw Seal(Inspection inspection, string seed, Request request, DrawResult result, DateTimeOffset now, string drawnBy) => new()
    {
        InspectionId = inspection.Id,
        Kind = request.Kind,
        Unit = request.Unit,
        Algorithm = result.Algorithm,
        Seed = seed,
        RegistryVersion = inspection.RegistryVersion,
        EligibilityFilter = request.Kind == DrawKind.Persons ? PersonsFilter : CountiesFilter,
        N = request.Kind == DrawKind.Persons ? inspection.Policy.PersonsPerUnit : result.Sample.Count,
        R = request.Kind == DrawKind.Persons ? inspection.Policy.Reserves : 0,
        PopulationSize = result.PopulationSize,
        PopulationHash = result.PopulationHash,
        Sample = [.. result.Sample],
        Reserves = [.. result.Reserves],
        SeedCommitment = inspection.SeedCommitment,
        CommitmentPublishedAt = inspection.SeedCommittedAt,
        CommitmentPublishedBy = inspection.SeedCommittedBy,
        DrawnAt = now,
        DrawnBy = drawnBy,
    };
}
