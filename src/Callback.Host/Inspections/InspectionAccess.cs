using System.Security.Claims;
using Callback.Domain.Inspections;
using Callback.Host.Common;
using Callback.Persistence;
using Callback.Persistence.Identity;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Inspections;

/// <summary>Loads an inspection and answers who may act on which of its units.</summary>
public sealed class InspectionAccess(CallbackDbContext db)
{
    public async Task<Inspection> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.Inspections.FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
        ?? throw RequestRefusedException.NotFound("inspection-not-found", $"检查 {id} 不存在");

    public static void EnsureUnit(Inspection inspection, string unitCode)
    {
        if (!inspection.UnitCodes.Contains(unitCode))
            throw RequestRefusedException.BadRequest("unit-not-in-inspection", $"单位 {unitCode} 不在本次检查范围内");
    }

    /// <summary>Administrators act on any unit; an inspector only on a unit they are assigned to.</summary>
    public async Task EnsureMayInspectAsync(ClaimsPrincipal user, Inspection inspection, string unitCode, CancellationToken cancellationToken)
    {
        EnsureUnit(inspection, unitCode);
        if (user.IsInRole(Roles.Administrator))
            return;
        if (!await IsAssignedAsync(user, inspection.Id, unitCode, cancellationToken))
            throw RequestRefusedException.Forbidden("not-assigned", $"您未被指派检查单位 {unitCode}");
    }

    /// <summary>Whether this user sees the sampled persons' phone numbers whole (to call them).</summary>
    public async Task<bool> SeesPhonesAsync(ClaimsPrincipal user, int inspectionId, string unitCode, CancellationToken cancellationToken)
    {
        return user.IsInRole(Roles.Administrator) || await IsAssignedAsync(user, inspectionId, unitCode, cancellationToken);
    }

    private async Task<bool> IsAssignedAsync(ClaimsPrincipal user, int inspectionId, string unitCode, CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        return user.IsInRole(Roles.Inspector) && await db.InspectorAssignments
            .AnyAsync(a => a.InspectionId == inspectionId && a.UnitCode == unitCode && a.UserId == userId, cancellationToken);
    }
}
