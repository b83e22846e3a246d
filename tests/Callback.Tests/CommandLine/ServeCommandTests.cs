using System.Net;
using System.Net.Sockets;
using Callback.Host.CommandLine;
using Callback.Tests.Support;

namespace Callback.Tests.CommandLine;

/// <summary>serve says in one line what is wrong and what to do, never with a stack trace.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task A_busy_port_is_one_line_that_says_what_to_do()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        using var data = new TempDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CallbackCommandLine.InvokeAsync(
            ["serve", "--urls", $"http://127.0.0.1:{port}", .. data.HostSettings, "--Logging:LogLevel:Default=None"], output, error);

        Assert.Equal(3, exit);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains("already in use", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output.ToString() + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_public_base_url_for_twilio_is_named_without_a_stack_trace()
    {
        using var data = new TempDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CallbackCommandLine.InvokeAsync(
        [
            "serve", "--urls", "http://127.0.0.1:0", .. data.HostSettings, "--Logging:LogLevel:Default=None",
            "--Telephony:Provider=twilio", "--Telephony:Twilio:AccountSid=AC" + new string('0', 32), "--Telephony:Twilio:AuthToken=token",
            "--Telephony:Twilio:FromNumber=+8613800000000", "--Telephony:Twilio:PublicBaseUrl=http://callback.example.org",
        ], output, error);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Telephony:Twilio:PublicBaseUrl", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output.ToString() + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oracle", "", "Database:Provider must be sqlite or postgres")]
    [InlineData("postgres", "", "Database:ConnectionString is required with Database:Provider=postgres")]
    [InlineData("postgres", "Data Source=callback.db", "must be an Npgsql connection string")]
    [InlineData("sqlite", "Host=db;Database=callback", "must be a SQLite connection string")]
    public async Task Database_settings_that_do_not_fit_together_are_named_at_start(string provider, string connectionString, string expected)
    {
        using var data = new TempDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await CallbackCommandLine.InvokeAsync(
        [
            "serve", "--urls", "http://127.0.0.1:0", $"--Storage:DataDirectory={data.Path}", "--Logging:LogLevel:Default=None",
            $"--Database:Provider={provider}", $"--Database:ConnectionString={connectionString}",
        ], output, error);

        Assert.Equal(2, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output.ToString() + error, StringComparison.Ordinal);
        Assert.False(File.Exists(data.File("callback.db")));
    }

    [Fact]
    public async Task Serve_help_lists_urls()
    {
        using var output = new StringWriter();

        await CallbackCommandLine.InvokeAsync(["serve", "--help"], output, TextWriter.Null);

        Assert.Contains("--urls", output.ToString(), StringComparison.Ordinal);
    }
}
