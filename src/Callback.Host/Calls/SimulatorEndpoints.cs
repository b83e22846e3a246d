using System.ComponentModel.DataAnnotations;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Telephony;
using Callback.Telephony.Simulator;
using Callback.Host.Inspections;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Calls;

public sealed record SimulatorInput([Required, StringLength(200)] string Input);

public sealed record SimulatorHearing(string CallSid, string Hearing);

/// <summary>
/// The demo's telephone: with the simulator as provider, a call placed with simulation {"answer":"manual"} is
/// answered by hand here — read what the person hears, press a key, say a word, stay silent or hang up.
/// </summary>
public static class SimulatorEndpoints
{
    public static IEndpointRouteBuilder MapSimulatorApi(this IEndpointRouteBuilder app)
    {
        // Only whoever may act on the call's unit (its inspectors, administrators) hears and answers its simulated person.
        var group = app.MapGroup("/api/simulator/calls/{callSid}").WithTags("Simulator").RequireAuthorization(Policies.SignedIn)
            .AddEndpointFilter(async (context, next) =>
            {
                var http = context.HttpContext;
                var sid = (string)http.Request.RouteValues["callSid"]!;
                var db = http.RequestServices.GetRequiredService<CallbackDbContext>();
                var access = http.RequestServices.GetRequiredService<InspectionAccess>();
                var call = await db.Calls.AsNoTracking().Where(c => c.ProviderCallSid == sid).Select(c => new { c.InspectionId, c.UnitCode }).FirstOrDefaultAsync(http.RequestAborted)
                    ?? throw NoSuchCall();
                await access.EnsureMayInspectAsync(http.User, await access.FindAsync(call.InspectionId, http.RequestAborted), call.UnitCode, http.RequestAborted);
                return await next(context);
            });
        group.MapGet("/", (string callSid, ITelephonyProvider provider) =>
            Simulator(provider).Hearing(callSid) is { } hearing
                ? TypedResults.Ok(new SimulatorHearing(callSid, hearing))
                : throw NoSuchCall())
            .WithSummary("What the simulated person hears now.");
        group.MapPost("/input", (string callSid, SimulatorInput request, ITelephonyProvider provider) =>
            Simulator(provider).Answer(callSid, request.Input)
                ? TypedResults.Accepted($"/api/simulator/calls/{callSid}")
                : throw NoSuchCall())
            .WithSummary("Answer as the person: \"1\", \"speech:同意\", \"silence\" or \"hangup\".");
        return app;
    }

    private static RequestRefusedException NoSuchCall() => RequestRefusedException.NotFound("no-such-call", "模拟器中没有这通人工接听的电话");

    private static SimulatorProvider Simulator(ITelephonyProvider provider) => provider.Simulator()
        ?? throw RequestRefusedException.NotFound("no-simulator", "当前使用的是真实电话服务，没有模拟器");
}
