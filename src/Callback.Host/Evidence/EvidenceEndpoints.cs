using Callback.Host.Auth;
using Callback.Host.Common;
using Callback.Host.Inspections;
using Callback.Persistence.Identity;

namespace Callback.Host.Evidence;

/// <summary>The unit's evidence bundle for download, and the public key that checks it.</summary>
public static partial class EvidenceEndpoints
{
    public static IEndpointRouteBuilder MapEvidenceApi(this IEndpointRouteBuilder app)
    {
        app.MapUnitGroup("", "Evidence").MapGet("/evidence.zip", BundleAsync)
            .WithSummary("The unit's signed evidence bundle (draw, calls, findings chain, scorecard); ?unmasked=true (administrators only, logged) for whole numbers; ?audio=true (the recordings policy's roles) for the recordings.");
        app.MapGet("/api/inspections/{id:int}/evidence.zip", InspectionBundleAsync).WithTags("Evidence").RequireAuthorization(Policies.SignedIn)
            .WithSummary("Every unit's evidence bundle the user may see, one signed bundle per unit (units/{code}.zip), each checked on its own.");
        app.MapGet("/api/evidence/public-key", (EvidenceSigner signer) => TypedResults.Text(signer.PublicKeyPem, "application/x-pem-file"))
            .WithTags("Evidence").RequireAuthorization(Policies.SignedIn).WithSummary("The installation's public key (PEM) that checks bundles and locked chain heads.");
        return app;
    }

    internal static async Task<IResult> BundleAsync(
        [AsParameters] UnitRequest u, bool? unmasked, bool? audio, EvidenceBundle bundles, Recordings.RecordingPolicy policy, ILoggerFactory loggers)
    {
        var whole = unmasked ?? false;
        if (whole && !u.User.IsInRole(Roles.Administrator))
            throw RequestRefusedException.Forbidden("unmasked-needs-administrator", "只有管理员可以导出含完整证件号码和电话号码的证据包");
        // The audio itself only for the roles the recordings policy lets listen, as the player.
        if (audio == true && !policy.ListenerRoles.Any(u.User.IsInRole))
            throw RequestRefusedException.Forbidden("not-a-listener", "按录音政策，您的角色不能导出录音");
        var content = await bundles.BuildAsync(await u.InspectionAsync(), u.Unit, whole, u.User.NameOrUnknown(), u.Aborted, audio == true);
        LogDownload(loggers.CreateLogger("Callback.Evidence"), u.User.NameOrUnknown(), u.Id, u.Unit, whole, audio == true);
        return TypedResults.File(content, "application/zip", $"callback-evidence-{u.Id}-{u.Unit}.zip");
    }

    internal static async Task<IResult> InspectionBundleAsync(
        int id, HttpContext http, InspectionAccess access, EvidenceBundle bundles, ILoggerFactory loggers, CancellationToken ct)
    {
        var inspection = await access.FindAsync(id, ct);
        await access.EnsureMaySeeInspectionAsync(http.User, id, ct);
        var visible = await access.VisibleUnitsAsync(http.User, inspection, ct);
        using var output = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var unit in inspection.UnitCodes.Where(visible.Contains))
            {
                var content = await bundles.BuildAsync(inspection, unit, false, http.User.NameOrUnknown(), ct);
                await using var entry = await zip.CreateEntry($"units/{unit}.zip", System.IO.Compression.CompressionLevel.NoCompression).OpenAsync(ct);
                await entry.WriteAsync(content, ct);
                LogDownload(loggers.CreateLogger("Callback.Evidence"), http.User.NameOrUnknown(), id, unit, false, false);
            }
        }

        return TypedResults.File(output.ToArray(), "application/zip", $"callback-evidence-{id}.zip");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evidence bundle downloaded by {User}: inspection {InspectionId}, unit {UnitCode}, unmasked {Unmasked}, audio {Audio}")]
    private static partial void LogDownload(ILogger logger, string user, int inspectionId, string unitCode, bool unmasked, bool audio);
}
