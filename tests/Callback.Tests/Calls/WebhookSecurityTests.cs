using System.Collections.Specialized;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Callback.Host.Calls;
using Callback.Telephony;
using Callback.Telephony.Simulator;
using Callback.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Twilio.Security;

namespace Callback.Tests.Calls;

public sealed class WebhookSecurityTests
{
    private static readonly Dictionary<string, string> VectorParameters = new()
    {
        ["CallSid"] = "CA1234567890ABCDE", ["Caller"] = "+14158675309", ["Digits"] = "1234", ["From"] = "+14158675309", ["To"] = "+18005551212",
    };

    [Theory]
    [InlineData("https://mycompany.com/myapp.php?foo=1&bar=2", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    [InlineData("https://MyCompany.com/myapp.php?foo=1&bar=2", "g9IN/x4Cft2g517EjYvEvM/W7LU=")]
    [InlineData("http://MyCompany.com/myapp.php?foo=1&bar=2", "XY7AlKOKL6im4yWyX84gldUrtis=")]
    public void The_twilio_csharp_vectors_are_signed_and_validated_alike(string url, string signature)
    {
        Assert.Equal(signature, WebhookSigner.Sign("12345", url, VectorParameters));
        var collection = new NameValueCollection();
        foreach (var (key, value) in VectorParameters)
            collection.Add(key, value);
        Assert.True(new RequestValidator("12345").Validate(url, collection, signature));
    }

    [Fact]
    public async Task Unsigned_and_wrongly_signed_webhooks_get_403_and_change_nothing()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var call = await SimulatedCallTests.CallAsync(server, admin, sample, 1, new { answer = "busy" });
            var id = call.GetProperty("id").GetInt64();
            var urls = server.Services.GetRequiredService<WebhookUrls>();
            var status = urls.Status(id);
            var parameters = new Dictionary<string, string> { ["CallSid"] = "CAforged", ["CallStatus"] = "ringing", ["SequenceNumber"] = "99" };
            using var client = server.Anonymous();

            using var unsigned = await client.PostAsync(status, new FormUrlEncodedContent(parameters));
            using var request = new HttpRequestMessage(HttpMethod.Post, status) { Content = new FormUrlEncodedContent(parameters) };
            request.Headers.Add("X-Twilio-Signature", WebhookSigner.Sign("not-the-key", status.ToString(), parameters));
            using var forged = await client.SendAsync(request);
            using var voice = await client.PostAsync(urls.Voice(id), new FormUrlEncodedContent(parameters));

            Assert.Equal(HttpStatusCode.Forbidden, unsigned.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, voice.StatusCode);
            var after = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
            Assert.Equal("busy", after.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Status_callbacks_repeated_or_out_of_order_change_nothing_and_a_terminal_status_is_final()
    {
        var (server, admin, sample) = await SimulatedCallTests.DrawnAsync();
        await using var _ = server;
        using (admin)
        {
            var call = await SimulatedCallTests.CallAsync(server, admin, sample, 1, new { answer = "no-answer" });
            var id = call.GetProperty("id").GetInt64();
            var key = server.Services.GetRequiredService<ITelephonyProvider>().WebhookSigningKey;
            var status = server.Services.GetRequiredService<WebhookUrls>().Status(id);
            using var client = server.Anonymous();
            async Task<HttpStatusCode> SendAsync(string callStatus, int sequence)
            {
                var parameters = new Dictionary<string, string> { ["CallSid"] = call.GetProperty("providerCallSid").GetString()!, ["CallStatus"] = callStatus, ["SequenceNumber"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                using var request = new HttpRequestMessage(HttpMethod.Post, status) { Content = new FormUrlEncodedContent(parameters) };
                request.Headers.Add("X-Twilio-Signature", WebhookSigner.Sign(key, status.ToString(), parameters));
                using var response = await client.SendAsync(request);
                return response.StatusCode;
            }

            // The simulator already sent initiated (0), ringing (1), no-answer (2).
            Assert.Equal(HttpStatusCode.NoContent, await SendAsync("no-answer", 2));   // repeated
            Assert.Equal(HttpStatusCode.NoContent, await SendAsync("ringing", 1));     // late
            Assert.Equal(HttpStatusCode.NoContent, await SendAsync("in-progress", 5)); // after the end

            var after = await admin.GetFromJsonAsync<JsonElement>($"/api/calls/{id}");
            Assert.Equal("no-answer", after.GetProperty("status").GetString());
            var persons = await admin.GetFromJsonAsync<JsonElement>(sample);
            Assert.Equal(1, persons[0].GetProperty("attempts").GetInt32());
        }
    }
}
