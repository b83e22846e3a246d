namespace Callback.Domain.Inspections;

/// <summary>Who may inspect which unit.</summary>
public static class AssignmentRules
{
    /// <returns>null when the assignment is allowed, else the reason (code and Chinese message).</returns>
    public static (string Code, string Message)? Check(Inspection inspection, string? homeUnitCode, string unitCode)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (!inspection.UnitCodes.Contains(unitCode))
            return ("unit-not-in-inspection", $"单位 {unitCode} 不在本次检查范围内");
        if (inspection.Kind == InspectionKind.MutualCheck && homeUnitCode == unitCode)
            return ("self-assignment", "互查中检查组成员不得检查本单位：请改派其他单位的人员");
        return null;
    }
}
