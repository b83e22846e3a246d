using System.Text;

namespace Callback.Tests.Support;

/// <summary>The test fixtures copied into the project (Fixtures/), and small CSV files written on the spot.</summary>
public static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>A file of the repository the tests were built from (the settings template, the installed linter).</summary>
    public static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Callback.sln")))
            directory = directory.Parent;
        return Path.Combine([directory?.FullName ?? throw new InvalidOperationException("Callback.sln not found above the tests"), .. parts]);
    }

    public const string Header = "姓名,性别,残疾人证号,残疾类别,残疾等级,所属地区代码,联系电话,监护人电话,就业状况,就业形式,就业单位,未就业原因,是否参加培训,培训年度,培训项目,培训周期,更新日期";

    /// <summary>A valid row for a man in 赛罕区 (150105); certificate 150105197404274318 + 6 (精神) + 2 (二级).</summary>
    public const string ValidRow = "万建,男,15010519740427431862,精神,二级,150105,17022491594、0471-5074712,17006261093,已就业,农村种养加,,,是,2025,盲人按摩,长期,2026-10-26";

    public static MemoryStream Csv(string text, Encoding? encoding = null) =>
        new((encoding ?? new UTF8Encoding(false)).GetBytes(text));

    public static MemoryStream CsvRows(params string[] rows) => Csv(Header + "\n" + string.Join("\n", rows) + "\n");
}
