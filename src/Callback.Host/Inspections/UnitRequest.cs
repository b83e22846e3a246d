using System.Security.Claims;
using Callback.Domain.Inspections;
using Callback.Host.Events;
using Callback.Persistence;

namespace Callback.Host.Inspections;

/// <summary>
/// What every handler under <see cref="UnitRoutes.Pattern"/> is given, bound with [AsParameters]: the route's
/// inspection and unit, the user, and the services they all use. The unit filter has already checked access.
/// Not validated: it holds services, not input (validation would walk into the user's claims).
/// </summary>
#pragma warning disable ASP0029 // SkipValidation is marked "for evaluation" in .NET 10; it is the documented way to exempt a parameter type.
[Microsoft.Extensions.Validation.SkipValidation]
#pragma warning restore ASP0029
public sealed record UnitRequest(
    int Id, string Unit, ClaimsPrincipal User, InspectionAccess Access, CallbackDbContext Db, InspectionEvents Events, TimeProvider Time,
    CancellationToken Aborted)
{
    /// <summary>The inspection, loaded once per request (the filter loaded it already).</summary>
    public Task<Inspection> InspectionAsync() => Access.FindAsync(Id, Aborted);
}
