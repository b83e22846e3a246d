using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Tests.Support;

namespace Callback.Tests.Hosting;

public sealed class HostTests
{
    [Fact]
    public async Task Health_answers_without_signing_in()
    {
        await using var server = await CallbackServer.StartAsync();
        using var client = server.Anonymous();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_is_described_in_openapi()
    {
        await using var server = await CallbackServer.StartAsync();
        using var client = server.Anonymous();

        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        Assert.True(paths.TryGetProperty("/api/registry/imports", out _));
        Assert.True(paths.TryGetProperty("/api/registry/persons", out _));
        Assert.True(paths.TryGetProperty("/api/auth/login", out _));
    }

    [Fact]
    public async Task First_start_seeds_synthetic_demo_persons_once()
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();

        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/registry/versions");

        var only = Assert.Single(versions.EnumerateArray());
        Assert.True(only.GetProperty("synthetic").GetBoolean());
        Assert.Equal(40, only.GetProperty("added").GetInt32());
        Assert.Contains("40", server.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_password_the_first_administrator_gets_one_printed_once()
    {
        await using var server = await CallbackServer.StartAsync("--Admin:Password=");
        var line = server.Console.Split('\n').Single(l => l.Contains("password:", StringComparison.Ordinal));
        var password = line[(line.LastIndexOf(' ') + 1)..].Trim();

        using var admin = await server.SignInAsync("admin", password);
        var me = await admin.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal("administrator", me.GetProperty("roles")[0].GetString());
        Assert.Equal(20, password.Length);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_reason()
    {
        await using var server = await CallbackServer.StartAsync();
        using var client = server.Anonymous();

        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid-credentials", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_too_short_administrator_password_stops_start_up_naming_the_key()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CallbackServer.StartAsync("--Admin:Password=short"));
        Assert.Contains("Admin:Password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_user_with_an_unknown_role_is_refused()
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();

        var response = await admin.PostAsJsonAsync("/api/users", new { userName = "x", displayName = "x", password = "a-long-enough-password", role = "boss" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown-role", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
