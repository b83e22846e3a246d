using System.Security.Claims;
using Callback.Domain.Inspections;
using Callback.Host.Common;
using Callback.Persistence;
using Callback.Persistence.Identity;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Inspections;

/// <summary>
/// Loads an inspection and answers who may see and act on which of its units: supervisors and administrators
/// see every unit; an inspector sees and acts only within the units assigned to them; only assigned inspectors
/// and administrators act (call, record, score).
/// </summary>
public sealed class InspectionAccess(CallbackDbContext db)
{
    private readonly Dictionary<int, Inspection> _loaded = [];

    /// <summary>The inspection, loaded once per request.</summary>
    public async Task<Inspection> FindAsync(int id, CancellationToken cancellationToken)
    {
        if (_loaded.TryGetValue(id, out var known))
            return known;
        var inspection = await db.Inspections.FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw RequestRefusedException.NotFound("inspection-not-found", $"检查 {id} 不存在");
        _loaded[id] = inspection;
        return inspection;
    }

    public static void EnsureUnit(Inspection inspection, string unitCode)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (!inspection.UnitCodes.Contains(unitCode))
            throw RequestRefusedException.BadRequest("unit-not-in-inspection", $"单位 {unitCode} 不在本次检查范围内");
    }

    /// <summary>Administrators act on any unit; an inspector only on a unit they are assigned to.</summary>
    public async Task EnsureMayInspectAsync(ClaimsPrincipal user, Inspection inspection, string unitCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        EnsureUnit(inspection, unitCode);
        if (user.IsInRole(Roles.Administrator))
            return;
        if (!await IsAssignedAsync(user, inspection.Id, unitCode, cancellationToken))
            throw RequestRefusedException.Forbidden("not-assigned", $"您未被指派检查单位 {unitCode}");
    }

    /// <summary>Supervisors and administrators see every unit; an inspector only the units assigned to them.</summary>
    public async Task EnsureMaySeeAsync(ClaimsPrincipal user, Inspection inspection, string unitCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        EnsureUnit(inspection, unitCode);
        if (SeesEverything(user))
            return;
        if (!await IsAssignedAsync(user, inspection.Id, unitCode, cancellationToken))
            throw RequestRefusedException.Forbidden("not-assigned", $"您未被指派检查单位 {unitCode}，不能查看其名单、通话和结论");
    }

    /// <summary>The inspection as a whole (its scorecards, its events): supervisors, administrators, and the inspectors assigned to it.</summary>
    public async Task EnsureMaySeeInspectionAsync(ClaimsPrincipal user, int inspectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (SeesEverything(user) || (await AssignedUnitsAsync(user, inspectionId, cancellationToken)).Count > 0)
            return;
        throw RequestRefusedException.Forbidden("not-assigned", $"您不是检查 {inspectionId} 的检查组成员");
    }

    /// <summary>The units this user may see in the inspection: all for supervisors and administrators, the assigned ones for inspectors.</summary>
    public async Task<IReadOnlyCollection<string>> VisibleUnitsAsync(ClaimsPrincipal user, Inspection inspection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(inspection);
        return SeesEverything(user) ? inspection.UnitCodes : await AssignedUnitsAsync(user, inspection.Id, cancellationToken);
    }

    public async Task<List<string>> AssignedUnitsAsync(ClaimsPrincipal user, int inspectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (!user.IsInRole(Roles.Inspector) || userId is null)
            return [];
        return await db.InspectorAssignments.Where(a => a.InspectionId == inspectionId && a.UserId == userId).Select(a => a.UnitCode).ToListAsync(cancellationToken);
    }

    /// <summary>Whether this user sees the sampled persons' phone numbers whole (to call them).</summary>
    public async Task<bool> SeesPhonesAsync(ClaimsPrincipal user, int inspectionId, string unitCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.Administrator) || await IsAssignedAsync(user, inspectionId, unitCode, cancellationToken);
    }

    /// <summary>Refuses changes to a unit whose scorecard is locked as final.</summary>
    public async Task EnsureUnlockedAsync(int inspectionId, string unitCode, CancellationToken cancellationToken)
    {
        if (await db.ScorecardLocks.AnyAsync(l => l.InspectionId == inspectionId && l.UnitCode == unitCode, cancellationToken))
            throw RequestRefusedException.Conflict("scorecard-locked", $"单位 {unitCode} 的评分表已锁定为最终结果，不能再更改");
    }

    private static bool SeesEverything(ClaimsPrincipal user) => user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Supervisor);

    private async Task<bool> IsAssignedAsync(ClaimsPrincipal user, int inspectionId, string unitCode, CancellationToken cancellationToken) =>
        (await AssignedUnitsAsync(user, inspectionId, cancellationToken)).Contains(unitCode);
}
