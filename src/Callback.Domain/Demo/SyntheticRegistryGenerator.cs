using System.Globalization;
using System.Text;
using Callback.Domain.Regions;
using Callback.Domain.Registry;

namespace Callback.Domain.Demo;

/// <summary>
/// Writes synthetic persons in the registry export format, for the demo database, training and benchmarks.
/// Every record is valid and internally consistent; phone numbers are random 170-prefix mobile numbers.
/// Whatever is imported from it must be imported as synthetic, so that it is never dialled for real.
/// </summary>
public sealed class SyntheticRegistryGenerator(RegionCatalog regions, int seed = 20151201)
{
    public const string Header = "姓名,性别,残疾人证号,残疾类别,残疾等级,所属地区代码,联系电话,监护人电话,就业状况,就业形式,就业单位,未就业原因,是否参加培训,培训年度,培训项目,培训周期,更新日期";

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "海", "建华", "玉兰", "志强", "红"];
    private static readonly string[] MongolianNames = ["巴特尔", "阿拉坦", "朝鲁", "那仁", "布和", "宝音", "其其格", "乌云", "萨仁", "苏和", "额尔敦", "斯琴", "图雅", "哈斯", "孟和"];
    private static readonly string[] Reasons = ["在校学习", "丧失劳动能力", "因单位原因失去工作", "因本人原因失去工作", "料理家务", "其他"];
    private static readonly string[] Programmes = ["盲人按摩", "种植技术", "养殖技术", "手工编织", "蒙古族刺绣", "家政服务", "电子商务", "计算机操作"];
    private static readonly string[] Employers = ["包头钢铁集团", "呼和浩特市福利厂", "赤峰市社区服务中心", "鄂尔多斯市残疾人就业服务中心", "个体经营"];
    private static readonly string[] Lengths = ["长期", "中期", "短期"];

    private readonly Random _random = new(seed);
    private readonly IReadOnlyList<County> _counties = regions.Counties;

    /// <summary>Writes the header and <paramref name="count"/> rows as CSV (UTF-8, no BOM).</summary>
    public void WriteCsv(TextWriter writer, int count, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header);
        writer.Write('\n');
        var line = new StringBuilder(256);
        var used = new HashSet<long>();
        for (var i = 0; i < count; i++)
        {
            line.Clear();
            AppendRow(line, today, used);
            writer.Write(line);
            writer.Write('\n');
        }
    }

    private void AppendRow(StringBuilder line, DateOnly today, HashSet<long> used)
    {
        var r = _random;
        var county = _counties[r.Next(_counties.Count)];
        var category = r.Next(1, 8);
        var grade = r.Next(1, 5);
        string certificate;
        do
        {
            var birth = new DateOnly(1950, 1, 1).AddDays(r.Next(0, 365 * 56));
            var first17 = string.Create(CultureInfo.InvariantCulture, $"{county.Code}{birth:yyyyMMdd}{r.Next(0, 1000):D3}");
            certificate = string.Concat(first17, CertificateNumber.CheckCharacter(first17).ToString(), category.ToString(CultureInfo.InvariantCulture), grade.ToString(CultureInfo.InvariantCulture));
        }
        while (!used.Add(CertificateNumber.Key(certificate)));

        var sex = CertificateNumber.SexOf(certificate);
        var name = r.Next(5) == 0
            ? MongolianNames[r.Next(MongolianNames.Length)]
            : Surnames[r.Next(Surnames.Length)] + GivenNames[r.Next(GivenNames.Length)];
        var employed = r.Next(100) < 55;
        var trained = r.Next(100) < 35;
        var needsGuardian = category is 5 or 6 || r.Next(10) == 0;
        var phone = Mobile(r);
        if (r.Next(8) == 0)
            phone += "、0471-5" + r.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var updated = today.AddDays(-r.Next(0, 200));

        line.Append(name).Append(',')
            .Append(Vocabulary.Text(sex)).Append(',')
            .Append(certificate).Append(',')
            .Append(Vocabulary.Text((DisabilityCategory)category)).Append(',')
            .Append(Vocabulary.Text((DisabilityGrade)grade)).Append(',')
            .Append(county.Code).Append(',')
            .Append(phone).Append(',')
            .Append(needsGuardian ? Mobile(r) : "").Append(',')
            .Append(employed ? "已就业" : "未就业").Append(',')
            .Append(employed ? Vocabulary.Text((EmploymentForm)r.Next(1, 9)) : "").Append(',')
            .Append(employed && r.Next(3) == 0 ? Employers[r.Next(Employers.Length)] : "").Append(',')
            .Append(employed ? "" : Reasons[r.Next(Reasons.Length)]).Append(',')
            .Append(trained ? "是" : "否").Append(',')
            .Append(trained ? (today.Year - r.Next(0, 3)).ToString(CultureInfo.InvariantCulture) : "").Append(',')
            .Append(trained ? Programmes[r.Next(Programmes.Length)] : "").Append(',')
            .Append(trained ? Lengths[r.Next(Lengths.Length)] : "").Append(',')
            .Append(updated.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    private static string Mobile(Random r) => "170" + r.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
}
