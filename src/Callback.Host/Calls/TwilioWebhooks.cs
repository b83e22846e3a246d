using System.Collections.Specialized;
using System.Globalization;
using Callback.Telephony;
using Twilio.Security;

namespace Callback.Host.Calls;

/// <summary>
/// The provider's webhooks. Every request must carry a valid X-Twilio-Signature for the URL the provider called
/// (Twilio's RequestValidator): a missing or wrong signature gets 403 and nothing is processed.
/// </summary>
public static class TwilioWebhooks
{
    private const string Xml = "application/xml";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(WebhookUrls.Prefix).WithTags("Telephony webhooks").AllowAnonymous().DisableAntiforgery()
            .AddEndpointFilter(TimedAsync).AddEndpointFilter(ValidateSignatureAsync).AddEndpointFilter(RetryOnConflictAsync).ExcludeFromDescription();

        group.MapPost("/voice", async (long call, HttpRequest request, CallService calls, CallLocks locks, CancellationToken ct) =>
        {
            var form = await request.ReadFormAsync(ct);
            using var turn = await locks.EnterAsync(call, ct);
            return Results.Content(await calls.VoiceAsync(call, form["CallSid"].FirstOrDefault(), ct), Xml);
        });
        group.MapPost("/gather", async (long call, string step, HttpRequest request, CallService calls, CallLocks locks, CancellationToken ct) =>
        {
            var form = await request.ReadFormAsync(ct);
            using var turn = await locks.EnterAsync(call, ct);
            return Results.Content(await calls.GatherAsync(call, form["CallSid"].FirstOrDefault(), step, form["Digits"].FirstOrDefault(), form["SpeechResult"].FirstOrDefault(), ct), Xml);
        });
        group.MapPost("/status", async (long call, HttpRequest request, CallService calls, CallLocks locks, CancellationToken ct) =>
        {
            var form = await request.ReadFormAsync(ct);
            var sequence = int.TryParse(form["SequenceNumber"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
            using var turn = await locks.EnterAsync(call, ct);
            var sip = int.TryParse(form["SipResponseCode"], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : (int?)null;
            await calls.StatusAsync(call, form["CallSid"].FirstOrDefault(), form["CallStatus"].ToString(), sequence, ct, sip, form["AnsweredBy"].FirstOrDefault());
            return Results.NoContent();
        });
        group.MapPost("/amd", async (long call, HttpRequest request, CallService calls, CallLocks locks, CancellationToken ct) =>
        {
            var form = await request.ReadFormAsync(ct);
            using var turn = await locks.EnterAsync(call, ct);
            await calls.MachineDetectedAsync(call, form["CallSid"].FirstOrDefault(), form["AnsweredBy"].FirstOrDefault(), ct);
            return Results.NoContent();
        });
        group.MapPost("/recording-status", async (long call, HttpRequest request, CallService calls, CallLocks locks, CancellationToken ct) =>
        {
            var form = await request.ReadFormAsync(ct);
            using var turn = await locks.EnterAsync(call, ct);
            await calls.RecordingAsync(call, form["RecordingSid"].FirstOrDefault(), form["RecordingStatus"].FirstOrDefault(), form["RecordingUrl"].FirstOrDefault(), ct);
            return Results.NoContent();
        });
        return app;
    }

    /// <summary>Every webhook's answer time, by route: a slow answer makes the person wait in silence.</summary>
    private static async ValueTask<object?> TimedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return await next(context);
        }
        finally
        {
            context.HttpContext.RequestServices.GetRequiredService<Observability.CallbackMetrics>().WebhookDuration.Record(
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("webhook", context.HttpContext.Request.Path.Value?.Split('/')[^1]));
        }
    }

    /// <summary>
    /// A call's webhooks are serialised by the database, not only by this process's locks: when another instance wrote
    /// the call between this handler's read and its save (<see cref="Domain.Calls.Call.Version"/>), nothing of this
    /// one was kept, and it is handled again on what the other wrote.
    /// </summary>
    private static async ValueTask<object?> RetryOnConflictAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await next(context);
            }
            catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException) when (attempt < 5)
            {
                context.HttpContext.RequestServices.GetRequiredService<Persistence.CallbackDbContext>().ChangeTracker.Clear();
            }
        }
    }

    private static async ValueTask<object?> ValidateSignatureAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var signature = http.Request.Headers["X-Twilio-Signature"].ToString();
        if (string.IsNullOrEmpty(signature) || !http.Request.HasFormContentType)
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var parameters = new NameValueCollection();
        foreach (var (key, values) in form)
            parameters.Add(key, values.ToString());
        var url = services.GetRequiredService<WebhookUrls>().Signed(http.Request);
        var validator = new RequestValidator(services.GetRequiredService<ITelephonyProvider>().WebhookSigningKey);
        return validator.Validate(url, parameters, signature)
            ? await next(context)
            : Results.StatusCode(StatusCodes.Status403Forbidden);
    }
}
