using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Callback.Tests.Support;

namespace Callback.Tests.Hosting;

/// <summary>
/// Whatever a client sends, the answer is a refusal in one shape (problem details, an English code, a Chinese
/// detail), never a server error, and nothing is stored.
/// </summary>
public sealed class MalformedRequestTests
{
    public static TheoryData<string, string, string?, int, string> Requests => new()
    {
        // method, path, JSON body (null: none), status, code
        { "POST", "/api/auth/login", "{}", 400, "invalid-request" },
        { "POST", "/api/auth/login", """{"userName":null,"password":"x"}""", 400, "invalid-request" },
        { "POST", "/api/auth/login", "{not json", 400, "invalid-json" },
        { "POST", "/api/auth/login", null, 400, "missing-body" },
        { "POST", "/api/inspections", """{"kind":"MutualCheck","title":"t","startsOn":"2026-11-01","endsOn":"2026-12-01","unitCodes":[null]}""", 400, "empty-unit-code" },
        { "POST", "/api/inspections", """{"kind":"MutualCheck","title":"t","unitCodes":["150100"]}""", 400, "invalid-request" },
        { "POST", "/api/inspections", """{"kind":"MutualCheck","title":"t","startsOn":"not a date","endsOn":"2026-12-01","unitCodes":["150100"]}""", 400, "invalid-json" },
        { "POST", "/api/inspections", """{"kind":"MutualCheck","title":12,"startsOn":"2026-11-01","endsOn":"2026-12-01","unitCodes":["150100"]}""", 400, "invalid-json" },
        { "POST", "/api/users", """{"userName":"no-display","password":"a-long-enough-password","role":"inspector"}""", 400, "invalid-request" },
        { "POST", "/api/users", "{\"userName\":\"u1\",\"displayName\":\"" + new string('长', 65) + "\",\"password\":\"a-long-enough-password\",\"role\":\"inspector\"}", 400, "invalid-request" },
        { "GET", "/api/registry/persons?page=2147483647", null, 400, "bad-page" },
        { "GET", "/api/registry/persons?version=-1", null, 404, "version-not-found" },
        { "GET", "/api/registry/persons?unit=999999", null, 400, "unknown-unit" },
        { "GET", "/api/registry/persons/150105197404274318/history", null, 404, "person-not-found" },
        { "GET", "/api/registry/persons/150105197404274318", null, 404, "person-not-found" },
        { "GET", "/api/registry/versions/99/report", null, 404, "version-not-found" },
        { "GET", "/api/registry/imports/00000000-0000-0000-0000-000000000001", null, 404, "import-job-not-found" },
        { "GET", "/api/no-such-thing", null, 404, "not-found" },
        { "DELETE", "/api/inspections", null, 405, "method-not-allowed" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_malformed_request_gets_problem_details_with_a_code_and_a_Chinese_detail(string method, string path, string? body, int status, string code)
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (body is null && method == "POST")
            request.Content = new StringContent("", Encoding.UTF8, "application/json");

        using var response = await admin.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.Code());
        Assert.Equal(code, problem.GetProperty("title").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/auth/login?useCookies=yes")]
    [InlineData("/api/registry/persons?page=abc")]
    [InlineData("/api/registry/persons?pageSize=1.5")]
    public async Task A_query_value_of_the_wrong_type_is_refused_naming_the_address_s_parameters(string path)
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();

        using var response = path.StartsWith("/api/auth", StringComparison.Ordinal)
            ? await admin.PostAsJsonAsync(path, new { userName = "admin", password = CallbackServer.AdminPassword })
            : await admin.GetAsync(new Uri(path, UriKind.Relative));

        // Refused before the handler. (Bound at compile time, an optional value's refusal comes after the endpoint's
        // filters, not before as the run-time binding throws it; the answer is the same.)
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("bad-request", problem.Code());
        Assert.Contains("地址中的参数", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_role_or_a_sign_in_the_answer_is_problem_details_too()
    {
        await using var server = await CallbackServer.StartAsync();
        using var anonymous = server.Anonymous();
        using var inspector = await server.UserAsync("inspector");

        var unauthenticated = await anonymous.GetAsync(new Uri("/api/inspections", UriKind.Relative));
        var forbidden = await inspector.GetAsync(new Uri("/api/registry/persons", UriKind.Relative));
        var badLogin = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong-password-here" });

        Assert.Equal("not-signed-in", (await unauthenticated.Content.ReadFromJsonAsync<JsonElement>()).Code());
        Assert.Equal("forbidden", (await forbidden.Content.ReadFromJsonAsync<JsonElement>()).Code());
        Assert.Equal("invalid-credentials", (await badLogin.Content.ReadFromJsonAsync<JsonElement>()).Code());
    }

    [Fact]
    public async Task Identical_creations_at_the_same_moment_make_one_and_answer_409_to_the_rest()
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => admin.PostAsJsonAsync("/api/users",
            new { userName = "twin", displayName = "双胞胎", password = "a-long-enough-password", role = "inspector", homeUnitCode = "150100" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.True((int)r.StatusCode is 400 or 409, $"{(int)r.StatusCode}"));
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/users");
        Assert.Single(users.EnumerateArray(), u => u.GetProperty("userName").GetString() == "twin");

        // The same assignment eight times at once: one is made, the others answer 409.
        var id = (await admin.PostJsonAsync("/api/inspections", new
        {
            kind = "SelfCheck", title = "t", startsOn = "2026-11-01", endsOn = "2026-12-31", unitCodes = new[] { "150100" },
        }, 201)).GetProperty("id").GetInt32();
        var assignments = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            admin.PostAsJsonAsync($"/api/inspections/{id}/inspectors", new { userName = "twin", unitCode = "150100" })));
        Assert.Single(assignments, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(assignments.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var inspection = await admin.GetFromJsonAsync<JsonElement>($"/api/inspections/{id}");
        Assert.Single(inspection.GetProperty("inspectors").EnumerateArray());
    }

    [Fact]
    public async Task An_uploaded_file_name_keeps_no_control_characters()
    {
        await using var server = await CallbackServer.StartAsync("--Demo:SeedOnFirstStart=false");
        using var admin = await server.AdministratorAsync();

        var job = await admin.ImportAsync(await File.ReadAllBytesAsync(Fixtures.PathOf("registry-bad-rows.csv")), "bad%00rows%0A.csv");

        Assert.Equal("badrows.csv", job.GetProperty("fileName").GetString());
    }
}

/// <summary>Headers that keep personal data out of caches and pages out of frames, on every answer.</summary>
public sealed class SecurityHeaderTests
{
    [Theory]
    [InlineData("/api/inspections", true)]
    [InlineData("/api/no-such-thing", true)]
    [InlineData("/healthz", false)]
    public async Task Every_answer_carries_the_security_headers_and_api_answers_are_never_cached(string path, bool api)
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();

        using var response = await admin.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
        if (api)
            Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
