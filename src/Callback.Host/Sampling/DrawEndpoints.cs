using System.Security.Claims;
using Callback.Domain.Inspections;
using Callback.Domain.Regions;
using Callback.Domain.Registry;
using Callback.Domain.Sampling;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Inspections;
using Callback.Persistence;
using Callback.Persistence.Identity;
using Callback.Persistence.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Sampling;

public sealed record DrawRequest(string Unit, string Seed, string? Kind, int? Counties);

/// <summary>A sealed draw as shown: certificate numbers masked for everyone but administrators.</summary>
public sealed record DrawView(
    int Id, string Kind, string Algorithm, string Unit, string Seed, long RegistryVersion, string EligibilityFilter, int N, int R,
    int PopulationSize, string PopulationHash, IReadOnlyList<string> Sample, IReadOnlyList<string> Reserves, DateTimeOffset DrawnAt, string DrawnBy)
{
    public static DrawView From(SealedDraw d, bool reveal)
    {
        ArgumentNullException.ThrowIfNull(d);
        string Show(string member) => reveal || d.Kind == DrawKind.Counties ? member : CertificateNumber.Mask(member);
        return new(d.Id, d.Kind.ToString(), d.Algorithm, d.Unit, d.Seed, d.RegistryVersion, d.EligibilityFilter, d.N, d.R,
            d.PopulationSize, d.PopulationHash, [.. d.Sample.Select(Show)], [.. d.Reserves.Select(Show)], d.DrawnAt, d.DrawnBy);
    }
}

/// <summary>The verifiable draw (callback-sample-v1), sealed once made.</summary>
public static class DrawEndpoints
{
    public const string PersonsFilter = "every active record of the unit at the registry version";
    public const string CountiesFilter = "every county of the inspection unit";

    public static IEndpointRouteBuilder MapDrawsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inspections/{id:int}/draws").WithTags("Draws");
        group.MapPost("/", DrawAsync).RequireAuthorization(Policies.Administer)
            .WithSummary("Draw and seal: persons of a unit (kind Persons), or 1–2 counties of a league in a spot check (kind Counties).");
        group.MapGet("/", async (int id, ClaimsPrincipal user, InspectionAccess access, CallbackDbContext db, CancellationToken ct) =>
        {
            await access.FindAsync(id, ct);
            var draws = await db.Draws.AsNoTracking().Where(d => d.InspectionId == id).OrderBy(d => d.Id).ToListAsync(ct);
            return TypedResults.Ok(draws.Select(d => DrawView.From(d, user.IsInRole(Roles.Administrator))).ToList());
        }).RequireAuthorization(Policies.SignedIn);
        return app;
    }

    private static async Task<Created<DrawView>> DrawAsync(
        int id, DrawRequest request, ClaimsPrincipal user, InspectionAccess access, CallbackDbContext db, RegistryQueries registry,
        RegionCatalog regions, InspectionEvents events, TimeProvider time, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        var kind = DrawKind.Persons;
        if (request.Kind is { } k && (!Enum.TryParse(k, ignoreCase: true, out kind) || !Enum.IsDefined(kind)))
            throw RequestRefusedException.BadRequest("unknown-draw-kind", $"抽取类型“{k}”无效，应为 Persons 或 Counties");
        InspectionAccess.EnsureUnit(inspection, request.Unit);
        SampleDraw.ValidateSeed(request.Seed);
        if (inspection.SeedCommitment is { } commitment && SampleDraw.Commitment(request.Seed) != commitment)
            throw new DrawException("seed-commitment-mismatch", "种子与事先公布的承诺值（SHA-256）不符，抽取被拒绝");
        IReadOnlyList<string> population;
        int n, r;
        string filter;
        if (kind == DrawKind.Persons)
        {
            population = await registry.PopulationAsync(request.Unit, inspection.RegistryVersion, ct);
            (n, r, filter) = (inspection.Policy.PersonsPerUnit, inspection.Policy.Reserves, PersonsFilter);
        }
        else
        {
            if (inspection.Kind != InspectionKind.SpotCheck)
                throw RequestRefusedException.BadRequest("counties-only-in-spot-check", "只有抽查需要抽取旗县");
            var counties = request.Counties ?? 2;
            if (counties is < 1 or > 2)
                throw RequestRefusedException.BadRequest("bad-county-count", "每个盟市抽查一到两个旗县");
            population = regions.FindUnit(request.Unit)!.CountyCodes;
            (n, r, filter) = (counties, 0, CountiesFilter);
        }

        if (await db.Draws.AnyAsync(d => d.InspectionId == id && d.Kind == kind && d.Unit == request.Unit, ct))
            throw RequestRefusedException.Conflict("already-drawn", $"单位 {request.Unit} 已完成抽取并封存，不能重抽");
        var result = SampleDraw.Draw(request.Seed, request.Unit, population, n, r);
        var now = time.GetUtcNow();
        var draw = new SealedDraw
        {
            InspectionId = id,
            Kind = kind,
            Unit = request.Unit,
            Algorithm = result.Algorithm,
            Seed = request.Seed,
            RegistryVersion = inspection.RegistryVersion,
            EligibilityFilter = filter,
            N = n,
            R = r,
            PopulationSize = result.PopulationSize,
            PopulationHash = result.PopulationHash,
            Sample = [.. result.Sample],
            Reserves = [.. result.Reserves],
            DrawnAt = now,
            DrawnBy = user.Identity?.Name ?? "unknown",
        };
        db.Draws.Add(draw);
        inspection.FrozenAt ??= now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw RequestRefusedException.Conflict("already-drawn", $"单位 {request.Unit} 已完成抽取并封存，不能重抽");
        }

        await events.PublishAsync("draw-sealed", id, request.Unit, new { kind = kind.ToString(), result.PopulationSize, result.PopulationHash });
        return TypedResults.Created($"/api/inspections/{id}/draws", DrawView.From(draw, user.IsInRole(Roles.Administrator)));
    }
}
