using Callback.Host.Auth;

namespace Callback.Host.Inspections;

/// <summary>
/// Everything under <c>/api/inspections/{id}/units/{unit}</c> passes one filter: the inspection exists, the unit
/// is in it, and the user may see it (supervisors, administrators, the unit's inspectors). Endpoints marked
/// <see cref="Inspects{TBuilder}"/> also need to be the unit's inspector or an administrator, and those marked
/// <see cref="ChangesScorecard{TBuilder}"/> are refused once the unit's scorecard is locked. Handlers repeat none of it.
/// </summary>
public static class UnitRoutes
{
    public const string Pattern = "/api/inspections/{id:int}/units/{unit}";

    public static RouteGroupBuilder MapUnitGroup(this IEndpointRouteBuilder app, string prefix, string tag)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup(Pattern + prefix).WithTags(tag).RequireAuthorization(Policies.SignedIn);
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var access = http.RequestServices.GetRequiredService<InspectionAccess>();
            var id = int.Parse((string)http.Request.RouteValues["id"]!, System.Globalization.CultureInfo.InvariantCulture);
            var unit = (string)http.Request.RouteValues["unit"]!;
            var inspection = await access.FindAsync(id, http.RequestAborted);
            var metadata = http.GetEndpoint()?.Metadata;
            if (metadata?.GetMetadata<InspectsUnitMarker>() is not null)
                await access.EnsureMayInspectAsync(http.User, inspection, unit, http.RequestAborted);
            else
                await access.EnsureMaySeeAsync(http.User, inspection, unit, http.RequestAborted);
            if (metadata?.GetMetadata<ChangesScorecardMarker>() is not null)
                await access.EnsureUnlockedAsync(id, unit, http.RequestAborted);
            return await next(context);
        });
        return group;
    }

    /// <summary>Acting on the unit (calling, recording, scoring): its assigned inspectors and administrators.</summary>
    public static TBuilder Inspects<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new InspectsUnitMarker());

    /// <summary>Changes what the unit's scorecard rests on: refused once it is locked.</summary>
    public static TBuilder ChangesScorecard<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ChangesScorecardMarker());

    private sealed class InspectsUnitMarker;

    private sealed class ChangesScorecardMarker;
}
