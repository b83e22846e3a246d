using System.Security.Claims;
using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Recordings;

public static partial class RecordingsEndpoints
{
    /// <summary>Listening to a recording: only the policy's roles, and every listening is logged.</summary>
    public static IEndpointRouteBuilder MapRecordingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/calls/{callId:long}/recording", async (
            long callId, ClaimsPrincipal user, CallbackDbContext db, RecordingStore store, RecordingPolicy policy, Inspections.InspectionAccess access,
            ILoggerFactory loggers, CancellationToken ct) =>
        {
            if (!policy.ListenerRoles.Any(user.IsInRole))
                throw RequestRefusedException.Forbidden("not-a-listener", "按录音政策，您的角色不能收听录音");
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct)
                ?? throw RequestRefusedException.NotFound("call-not-found", $"通话 {callId} 不存在");
            await access.EnsureMaySeeAsync(user, await access.FindAsync(call.InspectionId, ct), call.UnitCode, ct);
            if (call.Recording?.Status == Domain.Calls.RecordingStatus.Deleted)
                throw new RequestRefusedException(StatusCodes.Status410Gone, "recording-deleted", "录音已按保存期限删除，仅保留其哈希值");
            var audio = await store.ReadAsync(callId, ct)
                ?? throw RequestRefusedException.NotFound("no-recording", "这次通话没有录音（未同意录音，或录音尚未保存）");
            LogListened(loggers.CreateLogger("Callback.Recordings"), callId, user.NameOrUnknown());
            return Results.File(audio, "audio/wav");
        }).WithTags("Calls").RequireAuthorization(Policies.SignedIn).WithSummary("Listen to a call's recording (roles per recordings-policy/policy.json).");
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recording of call {CallId} listened to by {UserName}")]
    private static partial void LogListened(ILogger logger, long callId, string userName);
}
