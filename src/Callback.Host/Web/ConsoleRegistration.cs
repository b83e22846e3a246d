using Callback.Host.Web.Live;
using MudBlazor.Services;

namespace Callback.Host.Web;

/// <summary>
/// The web console: Blazor components rendered on the server and kept live over its circuit, MudBlazor for the
/// widgets, Chinese by default with English switchable. Every script, style and icon is served by Callback itself.
/// </summary>
public static class ConsoleRegistration
{
    public static WebApplicationBuilder AddCallbackConsole(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Serves the packages' files (MudBlazor, Blazor's own script) from the build output too, not only after publish.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices(options =>
        {
            // Notices appear quickly and stay long enough to be read (and heard: MudBlazor's snackbars are live regions).
            options.SnackbarConfiguration.ShowTransitionDuration = 150;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        builder.Services.AddLocalization();
        // Chinese is written as characters, not as &#x…; entities: pages stay readable and a third smaller.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddScoped<ConsoleOperations>();
        builder.Services.AddScoped<AdminOperations>();
        return builder;
    }

    public static WebApplication UseConsoleLocalization(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var cultures = AccountEndpoints.Cultures;
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(cultures[0]),
            SupportedCultures = cultures,
            SupportedUICultures = cultures,
            // The cookie the language switch sets, then the browser's language; Chinese when neither says.
            RequestCultureProviders = [new Microsoft.AspNetCore.Localization.CookieRequestCultureProvider(), new Microsoft.AspNetCore.Localization.AcceptLanguageHeaderRequestCultureProvider()],
        });
        return app;
    }

    public static WebApplication MapCallbackConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapConsoleAccount();
        // Pages are for people: a missing or expired sign-in is the cookie's challenge (a redirect to the sign-in
        // page), not the API's bearer 401. The sign-in page itself allows anonymous visitors.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode()
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { AuthenticationSchemes = Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme });
        return app;
    }
}
