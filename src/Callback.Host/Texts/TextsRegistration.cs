using Callback.Host.Inspections;
using Callback.Host.Auth;

namespace Callback.Host.Texts;

/// <summary>The text channel: its options, service, sweeper and API.</summary>
public static class TextsRegistration
{
    public static IHostApplicationBuilder AddCallbackTexts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TextChannelOptions>().BindConfiguration(TextChannelOptions.Section)
            .Validate(o => o.LinkDays is >= 1 and <= 30, "TextChannel:LinkDays must be between 1 and 30.")
            .Validate(o => o.Categories.All(c => c is "视力" or "听力" or "言语" or "肢体" or "智力" or "精神" or "多重"),
                "TextChannel:Categories may name only 视力, 听力, 言语, 肢体, 智力, 精神, 多重.")
            .ValidateOnStart();
        builder.Services.AddScoped<TextLinks>();
        builder.Services.AddHostedService<TextLinkSweeper>();
        return builder;
    }

    public static IEndpointRouteBuilder MapTextsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitGroup("/sample", "Texts");
        group.MapPost("/{position:int}/text-links", async ([AsParameters] UnitRequest u, int position, TextLinks texts) =>
                TypedResults.Created($"/api/inspections/{u.Id}/units/{u.Unit}/sample/{position}/text-links", await texts.SendAsync(u, position)))
            .Inspects().WithSummary("Send the person an SMS with a one-time link to the verification form (persons a voice call cannot verify).");
        group.MapGet("/{position:int}/text-links", async ([AsParameters] UnitRequest u, int position, TextLinks texts) => TypedResults.Ok(await texts.ListAsync(u, position)))
            .WithSummary("The links sent to the person, newest first (never the token).");
        return app;
    }
}
