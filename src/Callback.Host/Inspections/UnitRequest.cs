using System.Security.Claims;
using Callback.Domain.Inspections;
using Callback.Host.Events;
using Callback.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace Callback.Host.Inspections;

/// <summary>
/// What every handler under <see cref="UnitRoutes.Pattern"/> is given, bound with [AsParameters]: the route's
/// inspection and unit, the user, and the services they all use. The unit filter has already checked access.
/// Not validated: it holds services, not input (validation would walk into the user's claims).
/// Where each comes from is said, not inferred: inferred, the services could also be a JSON body, and the request
/// delegate generator then makes a GET under this pattern accept only JSON requests (they were answered 404).
/// </summary>
#pragma warning disable ASP0029 // SkipValidation is marked "for evaluation" in .NET 10; it is the documented way to exempt a parameter type.
[Microsoft.Extensions.Validation.SkipValidation]
#pragma warning restore ASP0029
public sealed record UnitRequest(
    [FromRoute] int Id, [FromRoute] string Unit, ClaimsPrincipal User, [FromServices] InspectionAccess Access, [FromServices] CallbackDbContext Db,
    [FromServices] InspectionEvents Events, [FromServices] TimeProvider Time, CancellationToken Aborted)
{
    /// <summary>The inspection, loaded once per request (the filter loaded it already).</summary>
    public Task<Inspection> InspectionAsync() => Access.FindAsync(Id, Aborted);
}
