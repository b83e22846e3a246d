using System.ComponentModel.DataAnnotations;
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

public sealed record DrawRequest([Required, StringLength(6)] string Unit, [Required, StringLength(256)] string Seed, [StringLength(32)] string? Kind, int? Counties);

public sealed record DrawAllRequest([Required, StringLength(256)] string Seed);

/// <summary>A sealed draw as shown: certificate numbers masked for everyone but administrators.</summary>
public sealed record DrawView(
    int Id, string Kind, string Algorithm, string Unit, string Seed, long RegistryVersion, string EligibilityFilter, int N, int R,
    int PopulationSize, string PopulationHash, IReadOnlyList<string> Sample, IReadOnlyList<string> Reserves, DateTimeOffset DrawnAt, string DrawnBy,
    string? SeedCommitment, DateTimeOffset? CommitmentPublishedAt, string? CommitmentPublishedBy, string CommitmentStatement)
{
    public static DrawView From(SealedDraw d, bool reveal)
    {
        ArgumentNullException.ThrowIfNull(d);
        string Show(string member) => reveal || d.Kind == DrawKind.Counties ? member : CertificateNumber.Mask(member);
        return new(d.Id, d.Kind.ToString(), d.Algorithm, d.Unit, d.Seed, d.RegistryVersion, d.EligibilityFilter, d.N, d.R,
            d.PopulationSize, d.PopulationHash, [.. d.Sample.Select(Show)], [.. d.Reserves.Select(Show)], d.DrawnAt, d.DrawnBy,
            d.SeedCommitment, d.CommitmentPublishedAt, d.CommitmentPublishedBy,
            d.SeedCommitment is null
                ? "本次抽取未事先公布种子承诺值（仅自查允许）：种子可能是在知道结果后选定的"
                : $"种子的承诺值（SHA-256）已于 {Beijing(d.CommitmentPublishedAt!.Value):yyyy-MM-dd HH:mm:ss}（北京时间）由 {d.CommitmentPublishedBy} 在抽取前公布，抽取所用种子与之相符");
    }

    private static DateTimeOffset Beijing(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
}

/// <summary>The verifiable draw (callback-sample-v1), sealed once made.</summary>
public static class DrawEndpoints
{
    public static IEndpointRouteBuilder MapDrawsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inspections/{id:int}/draws").WithTags("Draws");
        group.MapPost("/", DrawAsync).RequireAuthorization(Policies.Administer)
            .WithSummary("Draw and seal: persons of a unit (kind Persons), or 1–2 counties of a league in a spot check (kind Counties).");
        group.MapPost("/all", DrawAllAsync).RequireAuthorization(Policies.Administer)
            .WithSummary("Draw and seal every unit of the inspection with one seed (and, in a spot check, two counties of each).");
        group.MapGet("/", async (int id, ClaimsPrincipal user, InspectionAccess access, CallbackDbContext db, CancellationToken ct) =>
        {
            // An inspector sees the draws of the units assigned to them; supervisors and administrators all.
            var visible = await access.VisibleUnitsAsync(user, await access.FindAsync(id, ct), ct);
            var draws = await db.Draws.AsNoTracking().Where(d => d.InspectionId == id && visible.Contains(d.Unit)).OrderBy(d => d.Id).ToListAsync(ct);
            return TypedResults.Ok(draws.Select(d => DrawView.From(d, user.IsInRole(Roles.Administrator))).ToList());
        }).RequireAuthorization(Policies.SignedIn).WithSummary("The sealed draws: of an inspector's own units, or of every unit for supervisors and administrators.");
        return app;
    }

    internal static async Task<Created<DrawView>> DrawAsync(
        int id, DrawRequest request, ClaimsPrincipal user, InspectionAccess access, DrawService draws, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        var kind = request.Kind is null ? DrawKind.Persons : EnumValues.Parse(request.Kind, "unknown-draw-kind", "抽取类型",
            new Dictionary<string, DrawKind> { ["人员"] = DrawKind.Persons, ["旗县"] = DrawKind.Counties });
        var draw = (await draws.DrawAsync(inspection, request.Seed, [new DrawService.Request(request.Unit, kind, request.Counties ?? 2)], user, ct))[0];
        return TypedResults.Created($"/api/inspections/{id}/draws", DrawView.From(draw, user.IsInRole(Roles.Administrator)));
    }

    private static async Task<Created<List<DrawView>>> DrawAllAsync(
        int id, DrawAllRequest request, ClaimsPrincipal user, InspectionAccess access, DrawService draws, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        var sealedDraws = await draws.DrawAsync(inspection, request.Seed, DrawService.Everything(inspection), user, ct);
        return TypedResults.Created($"/api/inspections/{id}/draws", sealedDraws.Select(d => DrawView.From(d, user.IsInRole(Roles.Administrator))).ToList());
    }
}
