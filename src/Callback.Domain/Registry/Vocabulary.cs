using System.Collections.Frozen;

namespace Callback.Domain.Registry;

public enum Sex { Male = 1, Female = 2 }

public enum DisabilityCategory { Visual = 1, Hearing = 2, Speech = 3, Physical = 4, Intellectual = 5, Mental = 6, Multiple = 7 }

public enum DisabilityGrade { One = 1, Two = 2, Three = 3, Four = 4 }

public enum EmploymentStatus { Employed = 1, NotEmployed = 2 }

public enum EmploymentForm
{
    Proportional = 1,
    Concentrated = 2,
    SelfEmployed = 3,
    PublicWelfarePost = 4,
    Supported = 5,
    Flexible = 6,
    RuralFarming = 7,
    Other = 8,
}

public enum TrainingLength { Long = 1, Medium = 2, Short = 3 }

/// <summary>The registry's Chinese terms and the values they stand for, in both directions.</summary>
public static class Vocabulary
{
    private static readonly FrozenDictionary<string, Sex> SexByText =
        new Dictionary<string, Sex> { ["男"] = Sex.Male, ["女"] = Sex.Female }.ToFrozenDictionary();

    private static readonly string[] CategoryNames = ["", "视力", "听力", "言语", "肢体", "智力", "精神", "多重"];
    private static readonly string[] GradeNames = ["", "一级", "二级", "三级", "四级"];
    private static readonly string[] FormNames = ["", "按比例就业", "集中就业", "个体就业", "公益性岗位就业", "辅助性就业", "灵活就业", "农村种养加", "其他"];
    private static readonly string[] LengthNames = ["", "长期", "中期", "短期"];

    private static readonly FrozenDictionary<string, DisabilityCategory> CategoryByText = Enumerable.Range(1, 7)
        .SelectMany(i => new[] { (CategoryNames[i], i), (CategoryNames[i] + "残疾", i) })
        .ToFrozenDictionary(p => p.Item1, p => (DisabilityCategory)p.i);

    private static readonly FrozenDictionary<string, DisabilityGrade> GradeByText = Enumerable.Range(1, 4)
        .SelectMany(i => new[] { (GradeNames[i], i), ($"{i}级", i), (GradeNames[i] + "残疾", i) })
        .ToFrozenDictionary(p => p.Item1, p => (DisabilityGrade)p.i);

    private static readonly FrozenDictionary<string, EmploymentForm> FormByText = Enumerable.Range(1, 8)
        .ToFrozenDictionary(i => FormNames[i], i => (EmploymentForm)i);

    private static readonly FrozenDictionary<string, TrainingLength> LengthByText = Enumerable.Range(1, 3)
        .ToFrozenDictionary(i => LengthNames[i], i => (TrainingLength)i);

    public static bool TryParseSex(string text, out Sex sex) => SexByText.TryGetValue(text, out sex);

    public static bool TryParseCategory(string text, out DisabilityCategory category) => CategoryByText.TryGetValue(text, out category);

    public static bool TryParseGrade(string text, out DisabilityGrade grade) => GradeByText.TryGetValue(text, out grade);

    public static bool TryParseForm(string text, out EmploymentForm form) => FormByText.TryGetValue(text, out form);

    public static bool TryParseLength(string text, out TrainingLength length) => LengthByText.TryGetValue(text, out length);

    public static bool TryParseEmployment(string text, out EmploymentStatus status)
    {
        status = text switch { "已就业" => EmploymentStatus.Employed, "未就业" => EmploymentStatus.NotEmployed, _ => 0 };
        return status != 0;
    }

    public static bool TryParseYesNo(string text, out bool value)
    {
        value = text is "是";
        return text is "是" or "否";
    }

    public static string Text(Sex sex) => sex == Sex.Male ? "男" : "女";

    public static string Text(DisabilityCategory category) => CategoryNames[(int)category];

    public static string Text(DisabilityGrade grade) => GradeNames[(int)grade];

    public static string Text(EmploymentStatus status) => status == EmploymentStatus.Employed ? "已就业" : "未就业";

    public static string Text(EmploymentForm form) => FormNames[(int)form];

    public static string Text(TrainingLength length) => LengthNames[(int)length];
}
