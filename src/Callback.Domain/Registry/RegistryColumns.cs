using System.Collections.Frozen;

namespace Callback.Domain.Registry;

/// <summary>Canonical headers, the variants leagues use for them, and which columns a file must have.</summary>
public static class RegistryColumns
{
    public static readonly int Count = Enum.GetValues<RegistryColumn>().Length;

    private static readonly (RegistryColumn Column, string Header, bool Required, string[] Variants)[] Definitions =
    [
        (RegistryColumn.Name, "姓名", true, ["名字"]),
        (RegistryColumn.Sex, "性别", true, []),
        (RegistryColumn.Certificate, "残疾人证号", true, ["证号", "残疾证号", "残疾人证号码", "残疾证号码", "残疾人证编号"]),
        (RegistryColumn.Category, "残疾类别", true, ["残疾类型"]),
        (RegistryColumn.Grade, "残疾等级", true, ["残疾级别"]),
        (RegistryColumn.County, "所属地区代码", true, ["地区代码", "行政区划代码", "区划代码", "所属地区编码"]),
        (RegistryColumn.Phone, "联系电话", false, ["联系方式", "电话", "手机", "手机号码", "电话号码", "联系电话号码"]),
        (RegistryColumn.GuardianPhone, "监护人电话", false, ["监护人联系电话", "监护人联系方式", "监护人手机"]),
        (RegistryColumn.EmploymentStatus, "就业状况", true, ["就业状态", "是否就业"]),
        (RegistryColumn.EmploymentForm, "就业形式", false, ["就业方式"]),
        (RegistryColumn.Employer, "就业单位", false, ["工作单位", "用人单位"]),
        (RegistryColumn.NotEmployedReason, "未就业原因", false, []),
        (RegistryColumn.Trained, "是否参加培训", true, ["是否培训", "参加培训", "是否参加职业培训"]),
        (RegistryColumn.TrainingYear, "培训年度", false, ["培训年份"]),
        (RegistryColumn.TrainingProgramme, "培训项目", false, ["培训内容"]),
        (RegistryColumn.TrainingLength, "培训周期", false, ["培训时长"]),
        (RegistryColumn.UpdatedOn, "更新日期", true, ["更新时间", "最后更新日期", "最近更新日期"]),
    ];

    private static readonly FrozenDictionary<string, RegistryColumn> ByHeader = Definitions
        .SelectMany(d => d.Variants.Prepend(d.Header).Select(h => (h, d.Column)))
        .ToFrozenDictionary(p => p.h, p => p.Column, StringComparer.Ordinal);

    /// <summary>The canonical Chinese header of a column, as reports name it.</summary>
    public static string Header(RegistryColumn column) => Definitions[(int)column].Header;

    public static bool IsRequired(RegistryColumn column) => Definitions[(int)column].Required;

    public static IEnumerable<RegistryColumn> All => Definitions.Select(d => d.Column);

    /// <summary>Matches a header cell after trimming blanks (also full-width ones) and a stray BOM.</summary>
    public static RegistryColumn? Match(string? header)
    {
        if (header is null)
            return null;
        var key = header.Trim().Trim('\uFEFF', '\u3000', ' ').Replace(" ", "", StringComparison.Ordinal);
        return ByHeader.TryGetValue(key, out var column) ? column : null;
    }
}
