using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Auth;
using Callback.Persistence.Identity;
using Callback.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Hosting;

/// <summary>Sign-in as an attacker would try it: lock others out, enumerate names, guess weak passwords, reuse tokens.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task Wrong_passwords_lock_nobody_out_guessing_is_throttled_per_address()
    {
        await using var server = await CallbackServer.StartAsync("--Auth:LoginAttemptsPerMinute=8");
        using var client = server.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong-password-" + i })).StatusCode);

        // Five wrong passwords used to lock the administrator out for 5 minutes: the right one still works.
        var right = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = CallbackServer.AdminPassword });
        var eighth = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong-again-here" });
        var throttled = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = CallbackServer.AdminPassword });

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, eighth.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("too-many-attempts", (await throttled.Content.ReadFromJsonAsync<JsonElement>()).Code());
        Assert.NotNull(throttled.Headers.RetryAfter);
    }

    [Fact]
    [Trait(TestDatabase.Trait, "postgres-only")] // needs Redis: run once, in the pass with the other several-instance tests
    public async Task With_several_instances_a_guesser_gets_the_same_tries_whichever_instance_answers()
    {
        var redis = Environment.GetEnvironmentVariable(Durability.TwoInstanceTests.RedisVariable);
        Assert.False(string.IsNullOrEmpty(redis), $"{Durability.TwoInstanceTests.RedisVariable} must name a Redis server");
        var prefix = $"callback-test-{Guid.NewGuid():N}";
        string[] Settings(string installation) => [$"--Redis:Configuration={redis}", $"--Redis:ChannelPrefix={installation}", "--Auth:LoginAttemptsPerMinute=3"];
        await using var a = await CallbackServer.StartAsync(Settings(prefix));
        await using var b = await CallbackServer.StartAsync(Settings(prefix));
        await using var elsewhere = await CallbackServer.StartAsync(Settings(prefix + "-other"));
        static async Task<HttpStatusCode> TryAsync(CallbackServer server)
        {
            using var client = server.Anonymous();
            return (await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "wrong-password" })).StatusCode;
        }

        // The attempts are counted per clock minute: not started in its last seconds.
        while (DateTimeOffset.UtcNow.Second >= 50)
            await Task.Delay(500);
        var alternating = new[] { await TryAsync(a), await TryAsync(b), await TryAsync(a), await TryAsync(b), await TryAsync(a) };
        var otherInstallation = await TryAsync(elsewhere);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], alternating);
        Assert.Equal(HttpStatusCode.Unauthorized, otherInstallation);
    }

    [Fact]
    public async Task Behind_a_known_proxy_the_throttle_counts_each_browser_and_a_stranger_cannot_forge_an_address()
    {
        // Two browsers behind the load balancer (loopback here): each has its own 2 tries a minute.
        await using var proxied = await CallbackServer.StartAsync("--Auth:LoginAttemptsPerMinute=2", "--ReverseProxy:KnownProxies=127.0.0.1");
        async Task<HttpStatusCode> TryAsync(CallbackServer server, string from)
        {
            using var client = server.Anonymous();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { userName = "admin", password = "wrong-password" }) };
            request.Headers.Add("X-Forwarded-For", from);
            return (await client.SendAsync(request)).StatusCode;
        }

        var first = new[] { await TryAsync(proxied, "10.1.0.7"), await TryAsync(proxied, "10.1.0.7"), await TryAsync(proxied, "10.1.0.7") };
        var second = await TryAsync(proxied, "10.1.0.8");

        // Without the setting, a forged header changes nothing: the throttle counts the connection's own address.
        await using var direct = await CallbackServer.StartAsync("--Auth:LoginAttemptsPerMinute=2");
        var forged = new[] { await TryAsync(direct, "10.1.0.7"), await TryAsync(direct, "10.1.0.8"), await TryAsync(direct, "10.1.0.9") };

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.Unauthorized, second);
        Assert.Equal(HttpStatusCode.TooManyRequests, forged[2]);
    }

    [Fact]
    public async Task An_unknown_users_password_is_checked_against_a_hash_of_as_many_iterations_as_the_real_users()
    {
        await using var server = await CallbackServer.StartAsync();
        using var scope = server.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<CallbackUser>>().FindByNameAsync("admin");

        // Identity's v3 format: a marker byte, the PRF, then the iteration count (big-endian) — the work a check costs.
        static int Iterations(string hash) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Convert.FromBase64String(hash).AsSpan(5, 4));
        Assert.Equal(CallbackServer.TestHashIterations, Iterations(admin!.PasswordHash!));
        Assert.Equal(CallbackServer.TestHashIterations, Iterations(server.Services.GetRequiredService<Callback.Host.Auth.UnknownUserDecoy>().Hash));
    }

    [Fact]
    public async Task An_unknown_user_gets_the_same_answer_as_a_wrong_password_after_the_same_password_check()
    {
        var hashed = 0;
        await using var server = await CallbackServer.StartWithAsync(null, null, services =>
            services.AddScoped<IPasswordHasher<CallbackUser>>(_ => new CountingHasher(() => Interlocked.Increment(ref hashed))));
        using var client = server.Anonymous();

        Volatile.Write(ref hashed, 0);
        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody-here", password = "some-password-guess" });
        var afterUnknown = Volatile.Read(ref hashed);
        var wrong = await client.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = "some-password-guess" });

        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        Assert.Equal(await wrong.Content.ReadFromJsonAsync<JsonElement>() is var w ? w.Code() : "", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).Code());
        Assert.Equal(1, afterUnknown);
        Assert.Equal(2, Volatile.Read(ref hashed));
    }

    [Theory]
    [InlineData("aaaaaaaaaaaa", "password-repetitive")]
    [InlineData("abcabcabcabc", "password-repetitive")]
    [InlineData("123456789012", "password-common")]
    [InlineData("1qaz2wsx3edc", "password-common")]
    [InlineData("Password1234", "password-common")]
    [InlineData("abcdefghijklm", "password-sequence")]
    [InlineData("zhangsan1234", "password-like-user-name")]
    public async Task Long_but_guessable_passwords_are_refused(string password, string code)
    {
        await using var server = await CallbackServer.StartAsync();
        using var admin = await server.AdministratorAsync();

        var refused = await admin.PostJsonAsync("/api/users", new { userName = "zhangsan", displayName = "张三", password, role = "inspector" }, 400);

        Assert.True(refused.GetProperty("errors").TryGetProperty(code, out _), refused.ToString());
        await admin.PostJsonAsync("/api/users", new { userName = "zhangsan", displayName = "张三", password = "草原上的风吹过 2026", role = "inspector" }, 201);
    }

    [Fact]
    public async Task After_logout_neither_the_bearer_token_nor_the_refresh_token_nor_the_cookie_works()
    {
        await using var server = await CallbackServer.StartAsync();
        using var bearer = server.Anonymous();
        var tokens = await (await bearer.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = CallbackServer.AdminPassword })).Content.ReadFromJsonAsync<JsonElement>();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        using var cookieHandler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var cookie = new HttpClient(cookieHandler) { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await cookie.PostAsJsonAsync("/api/auth/login?useCookies=true", new { userName = "admin", password = CallbackServer.AdminPassword })).StatusCode);

        // The refresh token works while signed in.
        var refreshed = await bearer.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cookie.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await bearer.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync(new Uri("/api/auth/me", UriKind.Relative))).StatusCode);
        var again = await bearer.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("invalid-refresh-token", (await again.Content.ReadFromJsonAsync<JsonElement>()).Code());
    }

    [Fact]
    public void Repetitions_and_runs_are_recognised_and_ordinary_passwords_are_not()
    {
        Assert.True(PasswordRules.IsRepetition("xyxyxyxyxyxy"));
        Assert.False(PasswordRules.IsRepetition("xyxyxyxyxyxz"));
        Assert.True(PasswordRules.IsRun("987654321098"));
        Assert.True(PasswordRules.IsRun("7890123456789"));
        Assert.False(PasswordRules.IsRun("1357913579135"));
        Assert.False(PasswordRules.IsRun("草原上的风吹过 2026"));
    }

    private sealed class CountingHasher(Action counted) : IPasswordHasher<CallbackUser>
    {
        private readonly PasswordHasher<CallbackUser> _inner = new();

        public string HashPassword(CallbackUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(CallbackUser user, string hashedPassword, string providedPassword)
        {
            counted();
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
