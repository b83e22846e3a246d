using System.Net.Http.Json;
using System.Text.Json;
using Callback.Tests.Calls;
using Callback.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Callback.Tests.Reports;

/// <summary>The self-check report, the feedback letter and the inspection's summary, read back: their texts, A4, page numbers, no validation error.</summary>
public sealed class ReportDocumentsTests
{
    private static async Task<(string Text, WordprocessingDocument Document)> OpenAsync(HttpClient client, string path)
    {
        var bytes = await client.GetByteArrayAsync(new Uri(path, UriKind.Relative));
        var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        Assert.Empty(new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        // A4, with the page number in the footer.
        var page = document.MainDocumentPart!.Document.Body!.Descendants<PageSize>().Single();
        Assert.Equal((11906u, 16838u), (page.Width!.Value, page.Height!.Value));
        Assert.Contains(document.MainDocumentPart.FooterParts.Single().Footer.Descendants<FieldCode>(), f => f.Text.Trim() == "PAGE");
        return (string.Concat(document.MainDocumentPart.Document.Body.Descendants<Text>().Select(t => t.Text)), document);
    }

    [Fact]
    public async Task A_self_check_report_is_drafted_with_the_facts_Callback_knows_and_marked_fields_for_the_rest()
    {
        var clock = new ShanghaiMorningClock();
        await using var server = await CallbackServer.StartAsync(clock, "--Demo:Persons=600", "--Telephony:CallsPerSecond=50");
        using var admin = await server.AdministratorAsync();
        var created = await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "SelfCheck", title = "2026年自查", startsOn = clock.Today.ToString("yyyy-MM-dd"), endsOn = clock.Today.AddDays(10).ToString("yyyy-MM-dd"),
            unitCodes = new[] { "150100" },
        }, 201);
        var id = created.GetProperty("id").GetInt32();
        await admin.PostJsonAsync($"/api/inspections/{id}/draws", new { unit = "150100", seed = "self-check-2026-reports-seed" }, 201);
        var unit = $"/api/inspections/{id}/units/150100";
        await SimulatedCallTests.CallAsync(server, admin, $"{unit}/sample", 1, null);
        var untruthful = await SimulatedCallTests.JudgeCooperativeAsync(admin, $"{unit}/sample", 1);
        await admin.PutJsonAsync($"{unit}/figures", new { coverageRate = 0.985, entryRate = 0.97, evidence = "实名制系统 2026-11-20 统计页" }, 200);
        await admin.PostJsonAsync($"{unit}/feedback", new { text = "季度更新制度未建立", deadline = clock.Today.AddDays(30).ToString("yyyy-MM-dd") }, 201);

        var (selfCheck, d1) = await OpenAsync(admin, $"{unit}/reports/self-check.docx");
        using (d1)
        {
            Assert.Contains("呼和浩特市残疾人就业和培训实名制管理工作自查报告", selfCheck, StringComparison.Ordinal);
            Assert.Contains("实名制系统覆盖率 98.5%，季度更新录入比例 97.0%", selfCheck, StringComparison.Ordinal);
            Assert.Contains("共拨打回访电话 1 次（完成核实 1 次）", selfCheck, StringComparison.Ordinal);
            Assert.Contains($"本项得分 {(untruthful ? 18 : 20)} 分", selfCheck, StringComparison.Ordinal);
            Assert.Contains("【请填写：自查起止日期】", selfCheck, StringComparison.Ordinal);
            // The clerk's fields are highlighted; the facts are not.
            var highlighted = d1.MainDocumentPart!.Document.Body!.Descendants<Run>().Where(r => r.RunProperties?.Highlight is not null).Select(r => r.InnerText).ToList();
            Assert.All(highlighted, h => Assert.StartsWith("【请填写", h, StringComparison.Ordinal));
            Assert.NotEmpty(highlighted);
            Assert.DoesNotMatch(@"1501\d{14}", selfCheck);
        }

        var (feedback, d2) = await OpenAsync(admin, $"{unit}/reports/feedback.docx");
        using (d2)
        {
            Assert.Contains("季度更新制度未建立", feedback, StringComparison.Ordinal);
            Assert.Contains(clock.Today.AddDays(30).ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture), feedback, StringComparison.Ordinal);
            Assert.Contains("整改中", feedback, StringComparison.Ordinal);
        }

        var (summary, d3) = await OpenAsync(admin, $"/api/inspections/{id}/reports/summary.docx");
        using (d3)
        {
            Assert.Contains("2026年自查情况汇总", summary, StringComparison.Ordinal);
            Assert.Contains("呼和浩特市", summary, StringComparison.Ordinal);
            Assert.Contains("季度更新制度未建立（呼和浩特市）", summary, StringComparison.Ordinal);
        }

        var unknown = await admin.GetAsync(new Uri($"{unit}/reports/other.docx", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown-report", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_mutual_check_has_no_self_check_report()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var unit = sample[..sample.LastIndexOf('/')];
            var refused = await admin.GetAsync(new Uri($"{unit}/reports/self-check.docx", UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("not-self-check", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }
}
