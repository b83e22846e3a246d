using Callback.Domain.Regions;
using Callback.Host.Auth;

namespace Callback.Host.Regions;

public static class RegionsEndpoints
{
    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/regions").WithTags("Regions").RequireAuthorization(Policies.SignedIn);
        group.MapGet("/units", (RegionCatalog regions) => TypedResults.Ok(regions.Units))
            .WithSummary("The 14 inspection units and their counties.");
        group.MapGet("/counties", (RegionCatalog regions) => TypedResults.Ok(regions.Counties))
            .WithSummary("The 103 county-level divisions, with league and inspection unit.");
        return app;
    }
}
