using System.Security.Claims;
using Callback.Domain.Regions;
using Callback.Host.Common;
using Callback.Host.Events;
using Callback.Host.Inspections;
using Callback.Host.Sampling;
using Callback.Persistence;
using Callback.Persistence.Identity;
using Callback.Persistence.Registry;
using static Callback.Host.Web.RequestValidation;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Web;

/// <summary>An inspector the administrator may assign, with the unit they belong to (the mutual-check rule needs it).</summary>
public sealed record InspectorChoice(string UserName, string DisplayName, string? HomeUnitCode);

/// <summary>
/// What the administrator's pages do to prepare an inspection: each through the API's handler, after the same
/// request validation the API runs (DataAnnotations) and the same role check.
/// </summary>
public sealed class AdminOperations(IServiceScopeFactory scopes, AuthenticationStateProvider authentication)
{
    public Task<InspectionView> CreateAsync(CreateInspection request, CancellationToken ct = default) => RunAsync(async (s, user) =>
        (await InspectionsEndpoints.CreateAsync(Valid(request), user, s.GetRequiredService<CallbackDbContext>(), s.GetRequiredService<RegistryQueries>(),
            s.GetRequiredService<RegionCatalog>(), s.GetRequiredService<TimeProvider>(), ct)).Value!);

    public Task<InspectorView> AssignAsync(int inspectionId, AssignInspector request, CancellationToken ct = default) => RunAsync(async (s, _) =>
        (await InspectionsEndpoints.AssignAsync(inspectionId, Valid(request), s.GetRequiredService<InspectionAccess>(), s.GetRequiredService<CallbackDbContext>(),
            s.GetRequiredService<UserManager<CallbackUser>>(), s.GetRequiredService<InspectionEvents>(), ct)).Value!);

    /// <summary>Publishes the SHA-256 of a seed the administrator keeps to themselves until the draw.</summary>
    public Task<string> CommitAsync(int inspectionId, string seed, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        Domain.Sampling.SampleDraw.ValidateSeed(seed);
        var commitment = Domain.Sampling.SampleDraw.Commitment(seed);
        await InspectionsEndpoints.CommitAsync(inspectionId, Valid(new SetCommitment(commitment)), user, s.GetRequiredService<InspectionAccess>(),
            s.GetRequiredService<CallbackDbContext>(), s.GetRequiredService<TimeProvider>(), ct);
        return commitment;
    });

    public Task<string> SetCallingHoursAsync(int inspectionId, string callingHours, CancellationToken ct = default) => RunAsync(async (s, _) =>
        (await InspectionsEndpoints.SetPolicyAsync(inspectionId, Valid(new PolicyRequest(null, null, null, null, callingHours, null)),
            s.GetRequiredService<InspectionAccess>(), s.GetRequiredService<CallbackDbContext>(), s.GetRequiredService<InspectionEvents>(), ct)).Value!.CallingHours);

    public Task<DrawView> DrawAsync(int inspectionId, string unit, string seed, CancellationToken ct = default) => RunAsync(async (s, user) =>
        (await DrawEndpoints.DrawAsync(inspectionId, Valid(new DrawRequest(unit, seed, null, null)), user, s.GetRequiredService<InspectionAccess>(),
            s.GetRequiredService<DrawService>(), ct)).Value!);

    public Task<List<DrawView>> DrawsAsync(int inspectionId, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        var draws = await s.GetRequiredService<CallbackDbContext>().Draws.AsNoTracking().Where(d => d.InspectionId == inspectionId).OrderBy(d => d.Id).ToListAsync(ct);
        return draws.Select(d => DrawView.From(d, reveal: true)).ToList();
    });

    /// <summary>Spools an uploaded registry file and queues its import (a preview unless <paramref name="preview"/> is false).</summary>
    public Task<Registry.ImportJob> UploadAsync(Stream file, string fileName, string scope, bool preview, CancellationToken ct = default) => RunAsync(async (s, user) =>
    {
        // The scope is checked before the file is read, as the API does.
        var importScope = Registry.ImportEndpoints.ParseScope(scope, s.GetRequiredService<RegionCatalog>());
        var spooled = await s.GetRequiredService<Registry.RegistryUpload>().SpoolStreamAsync(file, fileName, ct);
        return await Registry.ImportEndpoints.StartAsync(spooled, importScope, synthetic: false, preview, confirmRemovals: false, user,
            s.GetRequiredService<Registry.ImportJobQueue>(), s.GetRequiredService<Registry.ImportJobStore>(), s.GetRequiredService<TimeProvider>(), ct);
    });

    /// <summary>The job as it stands now (progress, state, report): the object the import events are made from.</summary>
    public Task<Registry.ImportJobView?> ImportAsync(Guid id, CancellationToken ct = default) => RunAsync((s, _) =>
        Task.FromResult(s.GetRequiredService<Registry.ImportJobQueue>().Find(id) is { } job
            ? Registry.ImportJobView.From(job, s.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.ImportOptions>>().Value.PreviewLifetime)
            : null));

    public Task<Registry.ImportJobView> ConfirmImportAsync(Guid id, bool confirmRemovals, CancellationToken ct = default) => RunAsync(async (s, _) =>
        (await Registry.ImportEndpoints.ConfirmAsync(id, new Registry.ImportEndpoints.ConfirmImport(confirmRemovals), s.GetRequiredService<Registry.ImportJobQueue>(),
            s.GetRequiredService<Registry.ImportJobRunner>(), s.GetRequiredService<Registry.ImportJobStore>(),
            s.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.ImportOptions>>(), ct)).Value!);

    public Task<Registry.ImportJobView> DiscardImportAsync(Guid id, CancellationToken ct = default) => RunAsync(async (s, _) =>
        (await Registry.ImportEndpoints.DiscardAsync(id, s.GetRequiredService<Registry.ImportJobQueue>(), s.GetRequiredService<Registry.ImportJobRunner>(),
            s.GetRequiredService<Registry.ImportJobStore>(), s.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.ImportOptions>>(), ct)).Value!);

    public Task<List<InspectorChoice>> InspectorsAsync(CancellationToken ct = default) => RunAsync(async (s, _) =>
    {
        var users = s.GetRequiredService<UserManager<CallbackUser>>();
        return (await users.GetUsersInRoleAsync(Roles.Inspector)).OrderBy(u => u.UserName)
            .Select(u => new InspectorChoice(u.UserName!, u.DisplayName, u.HomeUnitCode)).ToList();
    });

    /// <summary>Every registry version, newest first: when, by whom, from which file, with its counts.</summary>
    public Task<List<Registry.VersionView>> VersionsAsync(CancellationToken ct = default) => RunAsync(async (s, _) =>
        (await s.GetRequiredService<RegistryQueries>().VersionsAsync(ct)).Select(Registry.VersionView.From).OrderByDescending(v => v.Version).ToList());

    /// <summary>The import report stored with a version (rejected rows with their certificates masked).</summary>
    public Task<Domain.Registry.Import.ImportReport?> VersionReportAsync(long version, CancellationToken ct = default) => RunAsync(async (s, _) =>
        await s.GetRequiredService<RegistryQueries>().VersionAsync(version, ct) is { } v
            ? System.Text.Json.JsonSerializer.Deserialize<Domain.Registry.Import.ImportReport>(v.ReportJson, ReportJson.Options)
            : null);

    public Task<List<Auth.UsersEndpoints.UserView>> UsersAsync(CancellationToken ct = default) => RunAsync(async (s, _) =>
        (await Auth.UsersEndpoints.ListAsync(s.GetRequiredService<UserManager<CallbackUser>>())).Value!);

    /// <summary>Creates a user through the API's handler; what is wrong comes back field by field, nothing is created then.</summary>
    public Task<(Auth.UsersEndpoints.UserView? Created, IDictionary<string, string[]>? Errors)> CreateUserAsync(Auth.UsersEndpoints.CreateUser request, CancellationToken ct = default) =>
        RunAsync(async (s, _) =>
        {
            var result = await Auth.UsersEndpoints.CreateAsync(Valid(request), s.GetRequiredService<UserManager<CallbackUser>>(), s.GetRequiredService<RegionCatalog>(),
                s.GetRequiredService<Domain.Registry.PhoneListParser>());
            return result.Result switch
            {
                Microsoft.AspNetCore.Http.HttpResults.Created<Auth.UsersEndpoints.UserView> created => (created.Value, (IDictionary<string, string[]>?)null),
                Microsoft.AspNetCore.Http.HttpResults.ValidationProblem problem => (null, problem.ProblemDetails.Errors),
                _ => throw new InvalidOperationException("unexpected result"),
            };
        });

    private async Task<T> RunAsync<T>(Func<IServiceProvider, ClaimsPrincipal, Task<T>> operation)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        // The pages are for administrators already; the check is repeated here because these are the API's handlers,
        // which rely on the endpoint's policy.
        if (!user.IsInRole(Roles.Administrator))
            throw RequestRefusedException.Forbidden("not-allowed", "只有管理员可以准备检查");
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            return await operation(scope.ServiceProvider, user);
        }
        catch (Domain.Sampling.DrawException e)
        {
            throw RequestRefusedException.BadRequest(e.Code, e.Message);
        }
    }
}
