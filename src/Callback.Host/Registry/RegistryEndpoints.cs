using System.Security.Claims;
using Callback.Domain.Regions;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Configuration;
using Callback.Persistence.Identity;
using Callback.Persistence.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Callback.Host.Registry;

public static class RegistryEndpoints
{
    public static IEndpointRouteBuilder MapRegistryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/registry").WithTags("Registry");

        group.MapGet("/versions", async (RegistryQueries queries, CancellationToken ct) =>
                TypedResults.Ok((await queries.VersionsAsync(ct)).Select(VersionView.From).ToList()))
            .RequireAuthorization(Policies.ReadRegistry)
            .WithSummary("Every registry version: when, by whom, from which file, with its counts.");
        group.MapGet("/versions/{version:long}/report", async (long version, RegistryQueries queries, CancellationToken ct) =>
                await queries.VersionAsync(version, ct) is { } v ? TypedResults.Text(v.ReportJson, "application/json") : throw VersionNotFound(version))
            .RequireAuthorization(Policies.ReadRegistry)
            .WithSummary("The stored import report of a version: counts, rejected rows (certificates masked), warnings.");

        group.MapGet("/persons", ListPersonsAsync).RequireAuthorization(Policies.ReadRegistry)
            .WithSummary("The registry as it was at a version (default: the latest), by unit or county, a page at a time.");
        group.MapGet("/persons/{certificate}", async (
            string certificate, long? version, ClaimsPrincipal user, RegistryQueries queries, RegionCatalog regions, CancellationToken ct) =>
        {
            var at = await VersionOrLatestAsync(version, queries, ct);
            return await queries.PersonAtVersionAsync(certificate, at, ct) is { } p
                ? TypedResults.Ok(PersonView.From(p, regions, Reveals(user)))
                : throw RequestRefusedException.NotFound("person-not-found", $"登记版本 {at} 中没有残疾人证号为 {Callback.Domain.Registry.CertificateNumber.Mask(certificate)} 的人员");
        }).RequireAuthorization(Policies.ReadRegistry).WithSummary("A person as the registry held them at a version (default: the latest).");
        group.MapGet("/persons/{certificate}/history", async (
            string certificate, ClaimsPrincipal user, RegistryQueries queries, RegionCatalog regions, CancellationToken ct) =>
                (await queries.HistoryAsync(certificate, ct)) is { Count: > 0 } history
                    ? TypedResults.Ok(history.Select(p => PersonView.From(p, regions, Reveals(user))).ToList())
                    : throw RequestRefusedException.NotFound("person-not-found", $"登记中从未有残疾人证号为 {Callback.Domain.Registry.CertificateNumber.Mask(certificate)} 的人员"))
            .RequireAuthorization(Policies.ReadRegistry).WithSummary("Every state of a person's record, oldest first.");
        return app;
    }

    private static async Task<Ok<PersonPage>> ListPersonsAsync(
        long? version, string? unit, string? county, int? page, int? pageSize, ClaimsPrincipal user,
        RegistryQueries queries, RegionCatalog regions, CancellationToken ct)
    {
        var at = await VersionOrLatestAsync(version, queries, ct);
        var size = Math.Clamp(pageSize ?? 50, 1, 500);
        // Pages beyond what an int offset can reach are refused, not wrapped round to page 1.
        if (page is < 1 or > MaxPage)
            throw RequestRefusedException.BadRequest("bad-page", $"页码应在 1 到 {MaxPage} 之间");
        var number = page ?? 1;
        if (unit is not null && regions.FindUnit(unit) is null)
            throw RequestRefusedException.BadRequest("unknown-unit", $"单位代码“{unit}”不是检查单位");
        var query = queries.AtVersion(at);
        if (unit is not null)
            query = query.Where(p => p.UnitCode == unit);
        if (county is not null)
            query = query.Where(p => p.CountyCode == county);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.CertificateNumber).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        var reveal = Reveals(user);
        return TypedResults.Ok(new PersonPage(at, number, size, total, [.. items.Select(p => PersonView.From(p, regions, reveal))]));
    }

    private const int MaxPage = int.MaxValue / 500;

    /// <summary>The version asked for, which must exist, or the latest (0 when nothing was imported yet).</summary>
    private static async Task<long> VersionOrLatestAsync(long? version, RegistryQueries queries, CancellationToken ct)
    {
        if (version is null)
            return await queries.LatestVersionAsync(ct) ?? 0;
        return await queries.VersionAsync(version.Value, ct) is not null ? version.Value : throw VersionNotFound(version.Value);
    }

    private static RequestRefusedException VersionNotFound(long version) =>
        RequestRefusedException.NotFound("version-not-found", $"登记版本 {version} 不存在");

    /// <summary>Administrators see whole numbers; everyone else sees them masked.</summary>
    private static bool Reveals(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator);
}
