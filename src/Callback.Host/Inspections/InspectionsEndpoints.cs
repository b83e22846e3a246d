using System.Security.Claims;
using System.Text.RegularExpressions;
using Callback.Domain.Inspections;
using Callback.Domain.Regions;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Persistence;
using Callback.Persistence.Identity;
using Callback.Persistence.Registry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Inspections;

/// <summary>Inspections: kind, units, dates, the registry version drawn from, the calling policy, the inspectors.</summary>
public static partial class InspectionsEndpoints
{
    public static IEndpointRouteBuilder MapInspectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/inspections").WithTags("Inspections");
        group.MapPost("/", CreateAsync).RequireAuthorization(Policies.Administer)
            .WithSummary("Create an inspection: kind, title, dates, units, registry version, calling policy.");
        group.MapGet("/", ListAsync).RequireAuthorization(Policies.SignedIn).WithSummary("Every inspection.");
        group.MapGet("/{id:int}", GetAsync).RequireAuthorization(Policies.SignedIn)
            .WithSummary("An inspection with its units, policy, commitment and inspectors.");
        group.MapPost("/{id:int}/inspectors", AssignAsync).RequireAuthorization(Policies.Administer)
            .WithSummary("Assign an inspector to a unit; in a mutual check nobody inspects their own unit.");
        group.MapPut("/{id:int}/commitment", CommitAsync).RequireAuthorization(Policies.Administer)
            .WithSummary("Publish the SHA-256 of the seed before the draw; the draw then refuses any other seed.");
        group.MapPut("/{id:int}/policy", SetPolicyAsync).RequireAuthorization(Policies.Administer)
            .WithSummary("Change the calling policy (hours, attempts, daily limit); sample sizes only before the first draw, the rest until the first call.");
        group.MapPut("/{id:int}/registry-version", SetVersionAsync).RequireAuthorization(Policies.Administer)
            .WithSummary("Change the registry version drawn from; refused once a draw is sealed.");
        return app;
    }

    internal static async Task<Created<InspectionView>> CreateAsync(
        CreateInspection request, ClaimsPrincipal user, CallbackDbContext db, RegistryQueries registry, RegionCatalog regions,
        TimeProvider time, CancellationToken ct)
    {
        var kind = EnumValues.Parse(request.Kind, "unknown-kind", "检查类型",
            Enum.GetValues<InspectionKind>().ToDictionary(Inspection.Text));
        if (string.IsNullOrWhiteSpace(request.Title))
            throw RequestRefusedException.BadRequest("missing-title", "检查标题不能为空");
        if (request.EndsOn < request.StartsOn)
            throw RequestRefusedException.BadRequest("dates-reversed", "结束日期早于开始日期");
        if (request.UnitCodes.Any(string.IsNullOrWhiteSpace))
            throw RequestRefusedException.BadRequest("empty-unit-code", "被检查单位代码不能为空（unitCodes 中有空值）");
        var units = request.UnitCodes.Distinct().ToList();
        if (units.Count == 0)
            throw RequestRefusedException.BadRequest("no-units", "至少需要一个被检查单位");
        if (units.FirstOrDefault(u => regions.FindUnit(u) is null) is { } unknown)
            throw RequestRefusedException.BadRequest("unknown-unit", $"单位代码 {unknown} 不是检查单位（14 个盟市及满洲里市、二连浩特市）");
        var latest = await registry.LatestVersionAsync(ct)
            ?? throw RequestRefusedException.BadRequest("no-registry", "尚未导入任何实名制数据，无法建立检查");
        var version = request.RegistryVersion ?? latest;
        if (version < 1 || version > latest)
            throw RequestRefusedException.BadRequest("unknown-registry-version", $"登记版本 {version} 不存在（最新为 {latest}）");

        var policy = BuildPolicy(request.Policy);
        var inspection = new Inspection
        {
            Kind = kind,
            Title = request.Title.Trim(),
            StartsOn = request.StartsOn!.Value,
            EndsOn = request.EndsOn!.Value,
            UnitCodes = units,
            RegistryVersion = version,
            Policy = policy,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = user.NameOrUnknown(),
        };
        db.Inspections.Add(inspection);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/inspections/{inspection.Id}", InspectionView.From(inspection, [], regions));
    }

    /// <summary>The policy asked for, each field not given kept from <paramref name="current"/> (the defaults for a new inspection).</summary>
    private static CallingPolicy BuildPolicy(PolicyRequest? request, CallingPolicy? current = null)
    {
        var policy = current is null ? new CallingPolicy() : new CallingPolicy
        {
            PersonsPerUnit = current.PersonsPerUnit, Reserves = current.Reserves, AttemptsBeforeUnreachable = current.AttemptsBeforeUnreachable,
            DistinctDays = current.DistinctDays, CallingHours = current.CallingHours, TimeZone = current.TimeZone,
            Unreachable = current.Unreachable, MaxAttemptsPerDay = current.MaxAttemptsPerDay, MinutesBetweenTries = current.MinutesBetweenTries,
        };
        if (request is not null)
        {
            policy.MaxAttemptsPerDay = request.MaxAttemptsPerDay ?? policy.MaxAttemptsPerDay;
            policy.MinutesBetweenTries = request.MinutesBetweenTries ?? policy.MinutesBetweenTries;
            policy.PersonsPerUnit = request.PersonsPerUnit ?? policy.PersonsPerUnit;
            policy.Reserves = request.Reserves ?? policy.Reserves;
            policy.AttemptsBeforeUnreachable = request.AttemptsBeforeUnreachable ?? policy.AttemptsBeforeUnreachable;
            policy.DistinctDays = request.DistinctDays ?? policy.DistinctDays;
            policy.CallingHours = request.CallingHours ?? policy.CallingHours;
            if (request.Unreachable is { } rule)
            {
                policy.Unreachable = EnumValues.Parse(rule, "unknown-unreachable-rule", "无法联系时的处理",
                    new Dictionary<string, UnreachableRule> { ["由候补替换"] = UnreachableRule.ReplaceWithReserve, ["计为不真实"] = UnreachableRule.CountAsUntruthful });
            }
        }

        if (policy.Problems() is { Count: > 0 } problems)
            throw RequestRefusedException.BadRequest("bad-policy", "拨打政策有误：" + string.Join("；", problems));
        return policy;
    }

    private static async Task<Ok<List<InspectionView>>> ListAsync(CallbackDbContext db, RegionCatalog regions, CancellationToken ct)
    {
        var inspections = await db.Inspections.AsNoTracking().OrderByDescending(i => i.Id).ToListAsync(ct);
        var assignments = await db.InspectorAssignments.AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(inspections.Select(i => InspectionView.From(i, assignments.Where(a => a.InspectionId == i.Id), regions)).ToList());
    }

    private static async Task<Ok<InspectionView>> GetAsync(int id, InspectionAccess access, CallbackDbContext db, RegionCatalog regions, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        var assignments = await db.InspectorAssignments.AsNoTracking().Where(a => a.InspectionId == id).ToListAsync(ct);
        return TypedResults.Ok(InspectionView.From(inspection, assignments, regions));
    }

    internal static async Task<Created<InspectorView>> AssignAsync(
        int id, AssignInspector request, InspectionAccess access, CallbackDbContext db, UserManager<CallbackUser> users,
        InspectionEvents events, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        var user = await users.FindByNameAsync(request.UserName)
            ?? throw RequestRefusedException.BadRequest("unknown-user", $"用户“{request.UserName}”不存在");
        if (!await users.IsInRoleAsync(user, Roles.Inspector))
            throw RequestRefusedException.BadRequest("not-an-inspector", $"用户“{request.UserName}”不是检查组成员（inspector）角色");
        if (AssignmentRules.Check(inspection, user.HomeUnitCode, request.UnitCode) is { } refusal)
            throw RequestRefusedException.BadRequest(refusal.Code, refusal.Message);
        if (await db.InspectorAssignments.AnyAsync(a => a.InspectionId == id && a.UserId == user.Id && a.UnitCode == request.UnitCode, ct))
            throw RequestRefusedException.Conflict("already-assigned", $"“{request.UserName}”已被指派检查单位 {request.UnitCode}");

        var assignment = new InspectorAssignment { InspectionId = id, UserId = user.Id, UserName = user.UserName!, HomeUnitCode = user.HomeUnitCode, UnitCode = request.UnitCode };
        db.InspectorAssignments.Add(assignment);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(id, request.UnitCode, new InspectorAssigned());
        return TypedResults.Created($"/api/inspections/{id}", new InspectorView(assignment.UserName, assignment.HomeUnitCode, assignment.UnitCode));
    }

    internal static async Task<NoContent> CommitAsync(
        int id, SetCommitment request, ClaimsPrincipal user, InspectionAccess access, CallbackDbContext db, TimeProvider time, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        if (!Sha256Hex().IsMatch(request.Commitment ?? ""))
            throw RequestRefusedException.BadRequest("bad-commitment", "承诺值应为种子的 SHA-256（64 位十六进制小写）");
        if (inspection.FrozenAt is not null)
            throw RequestRefusedException.Conflict("inspection-frozen", "已有抽取结果封存，承诺值不能再更改");
        if (inspection.SeedCommitment == request.Commitment)
            return TypedResults.NoContent();
        // A published commitment is a promise to the inspected units: replacing it would let seeds be tried again.
        if (inspection.SeedCommitment is not null)
            throw RequestRefusedException.Conflict("commitment-already-published", $"承诺值已于 {inspection.SeedCommittedAt:yyyy-MM-dd HH:mm} 公布，不能更换");
        inspection.SeedCommitment = request.Commitment;
        inspection.SeedCommittedAt = time.GetUtcNow();
        inspection.SeedCommittedBy = user.NameOrUnknown();
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<CallingPolicy>> SetPolicyAsync(
        int id, PolicyRequest request, InspectionAccess access, CallbackDbContext db, InspectionEvents events, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        if (await db.CallAttempts.AnyAsync(a => a.InspectionId == id, ct) || await db.Calls.AnyAsync(c => c.InspectionId == id, ct))
            throw RequestRefusedException.Conflict("policy-in-use", "本次检查已有拨打记录，拨打政策不能再更改（否则前后的拨打按不同规则计算）");
        if (inspection.FrozenAt is not null && (request.PersonsPerUnit is { } n && n != inspection.Policy.PersonsPerUnit || request.Reserves is { } r && r != inspection.Policy.Reserves))
            throw RequestRefusedException.Conflict("inspection-frozen", "已有抽取结果封存，抽取人数和候补人数不能再更改");
        var changed = BuildPolicy(request, inspection.Policy);
        var policy = inspection.Policy;
        (policy.PersonsPerUnit, policy.Reserves, policy.AttemptsBeforeUnreachable, policy.DistinctDays) =
            (changed.PersonsPerUnit, changed.Reserves, changed.AttemptsBeforeUnreachable, changed.DistinctDays);
        (policy.CallingHours, policy.Unreachable, policy.MaxAttemptsPerDay) = (changed.CallingHours, changed.Unreachable, changed.MaxAttemptsPerDay);
        await db.SaveChangesAsync(ct);
        await events.PublishAsync(id, null, new PolicyChanged());
        return TypedResults.Ok(inspection.Policy);
    }

    private static async Task<NoContent> SetVersionAsync(
        int id, SetRegistryVersion request, InspectionAccess access, CallbackDbContext db, RegistryQueries registry, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        if (inspection.FrozenAt is not null)
            throw RequestRefusedException.Conflict("inspection-frozen", "已有抽取结果封存，登记版本不能再更改");
        if (await registry.VersionAsync(request.Version!.Value, ct) is null)
            throw RequestRefusedException.BadRequest("unknown-registry-version", $"登记版本 {request.Version} 不存在");
        inspection.RegistryVersion = request.Version.Value;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
