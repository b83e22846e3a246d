using Callback.Tests.Support;

namespace Callback.Tests.Registry;

/// <summary>Every row of registry-bad-rows.csv gets the verdict registry-bad-rows.expected.tsv gives it.</summary>
public sealed class BadRowsFixtureTests
{
    public static TheoryData<int, string, string> ExpectedVerdicts()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var line in File.ReadLines(Fixtures.PathOf("registry-bad-rows.expected.tsv")).Skip(1))
        {
            var cells = line.Split('\t');
            var (verdict, code) = (cells[1].Split(':')[0], cells[1].Split(':')[1]);
            data.Add(int.Parse(cells[0], System.Globalization.CultureInfo.InvariantCulture), verdict, code);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExpectedVerdicts))]
    public async Task Each_row_gets_its_expected_verdict(int row, string verdict, string code)
    {
        await using var harness = await ImportHarness.CreateAsync();
        var report = await harness.ImportFixtureAsync("registry-bad-rows.csv");

        var rejected = report.RejectedRows.SingleOrDefault(r => r.Row == row);
        if (verdict == "reject")
        {
            Assert.NotNull(rejected);
            Assert.Equal(code, rejected.Code);
            Assert.False(string.IsNullOrWhiteSpace(rejected.Message));
            Assert.NotNull(rejected.Column);
        }
        else
        {
            Assert.Null(rejected);
        }
    }

    [Fact]
    public async Task The_fixture_imports_twelve_rows_and_rejects_thirteen()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var report = await harness.ImportFixtureAsync("registry-bad-rows.csv");

        Assert.Equal(25, report.RowsRead);
        Assert.Equal(12, report.Added);
        Assert.Equal(13, report.Rejected);
        Assert.Equal(0, report.Changed);
    }

    [Fact]
    public async Task Awkward_but_valid_cells_are_normalised()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportFixtureAsync("registry-bad-rows.csv");

        var persons = await harness.QueryAsync((_, q) => Task.FromResult(q.AtVersion(1).ToList()));
        var byCertificate = persons.ToDictionary(p => p.CertificateNumber);

        // Full-width digits and surrounding blanks are gone.
        Assert.Contains("15252720050622881022", byCertificate.Keys);
        Assert.Contains("15040220030920344123", byCertificate.Keys);
        // "170 6735 8351" is one mobile number.
        Assert.Equal("+8617067358351", byCertificate["15020719881109899122"].PhoneE164);
        Assert.Equal("170 6735 8351", byCertificate["15020719881109899122"].PhoneWritten);
        // A placeholder means no number of one's own; the guardian can still be called.
        Assert.Null(byCertificate["15082320020121275363"].PhoneE164);
        Assert.True(byCertificate["15082320020121275363"].HasCallableNumber);
        // An unparseable number keeps the person, marked as not callable.
        Assert.False(byCertificate["15052119721217434921"].HasCallableNumber);
        Assert.Equal("12345", byCertificate["15052119721217434921"].PhoneWritten);
        Assert.False(byCertificate["15030220100301736231"].HasCallableNumber);
        // 2026/09/22 is a date like any other.
        Assert.Equal(new DateOnly(2026, 9, 22), byCertificate["15010520000826588751"].UpdatedOn);
        // The first of two rows with one certificate is the one taken.
        Assert.Equal("徐萍", byCertificate["15052520101115268212"].Name);
        // A quoted employer keeps its comma, quotes and line break.
        Assert.Equal("包头市, \"新希望\"福利厂\n二车间", byCertificate["15072519891226882211"].Employer);
    }

    [Fact]
    public async Task Names_holding_markup_formulas_or_sql_are_stored_as_the_text_they_are()
    {
        await using var harness = await ImportHarness.CreateAsync();
        await harness.ImportFixtureAsync("registry-bad-rows.csv");

        var names = await harness.QueryAsync((_, q) => Task.FromResult(q.AtVersion(1).Select(p => p.Name).ToList()));

        Assert.Contains("<script>alert(1)</script>", names);
        Assert.Contains("=HYPERLINK(\"http://x\",\"点\")", names);
        Assert.Contains("Robert'); DROP TABLE persons;--", names);
    }

    [Fact]
    public async Task Phone_problems_are_reported_as_warnings_not_rejections()
    {
        await using var harness = await ImportHarness.CreateAsync();
        var report = await harness.ImportFixtureAsync("registry-bad-rows.csv");

        Assert.Contains(report.Warnings, w => w.Row == 20 && w.Code == "phone-unparseable");
        Assert.Contains(report.Warnings, w => w.Row == 18 && w.Code == "no-callable-number");
        Assert.Equal(2, report.WithoutCallableNumber);
    }
}
