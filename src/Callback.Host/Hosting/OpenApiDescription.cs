using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Callback.Host.Hosting;

/// <summary>
/// The API description the scoring module and other systems generate clients from: both sign-in schemes declared,
/// each operation with an id, its security, and the refusals it can answer with (problem details with a code).
/// Checked by a standard linter (@redocly/cli, recommended rules) in the tests.
/// </summary>
public static class OpenApiDescription
{
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";
    private const string Refusal = "Refusal";

    public static IServiceCollection AddCallbackOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, context, ct) =>
        {
            document.Info.Title = "Callback";
            document.Info.Description = "Telephone callback verification of the disabled persons' employment and training registry (item 4.4 of the evaluation form). " +
                "Every refusal is problem details with an English `code` and a Chinese `detail`.";
            document.Info.License = new OpenApiLicense { Name = "Proprietary: Inner Mongolia disabled persons' employment service centres", Url = new Uri("https://callback.invalid/license") };
            foreach (var server in document.Servers ?? [])
                server.Url = server.Url?.TrimEnd('/');
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "The accessToken of POST /api/auth/login (systems); renew it with POST /api/auth/refresh.",
            };
            document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "callback.auth",
                Description = "The cookie POST /api/auth/login?useCookies=true sets (the consoles).",
            };
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[Refusal] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "A refusal: the English code (also the title) and the Chinese reason; `errors` per field for invalid-request.",
                Required = new HashSet<string> { "code", "title", "status", "detail" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "English code, stable for scripts." },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Why, in Chinese." },
                    ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object, AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } } },
                },
            };
            document.Tags ??= new HashSet<OpenApiTag>();
            foreach (var tag in document.Tags)
                tag.Description ??= TagDescription(tag.Name);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, ct) =>
        {
            var description = context.Description;
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var path = "/" + (description.RelativePath ?? "").Split('?')[0];
            operation.OperationId ??= OperationId(description.HttpMethod ?? "GET", path);
            var anonymous = metadata.OfType<IAllowAnonymous>().Any() || !metadata.OfType<IAuthorizeData>().Any();
            operation.Responses ??= [];
            if (anonymous)
            {
                operation.Security = [];
            }
            else
            {
                operation.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Cookie, context.Document)] = [] },
                ];
                Refuses(operation, context, "401", "Not signed in, or signed out (not-signed-in).");
                Refuses(operation, context, "403", "The role, or the unit assignment, does not allow it (forbidden, not-assigned).");
            }

            if (description.HttpMethod is not "GET" || description.ParameterDescriptions.Count > 0)
                Refuses(operation, context, "400", "The request is malformed or breaks a rule (invalid-request, invalid-json, and the codes of the rule).");
            if (path.Contains('{', StringComparison.Ordinal))
                Refuses(operation, context, "404", "What the address names does not exist.");
            if (description.HttpMethod is "POST" or "PUT" or "PATCH" && path.StartsWith("/api/", StringComparison.Ordinal))
                Refuses(operation, context, "409", "It conflicts with what is already there (already-exists, scorecard-locked, call-in-progress, …).");
            return Task.CompletedTask;
        });
    });

    private static void Refuses(OpenApiOperation operation, OpenApiOperationTransformerContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
            return;
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(Refusal, context.Document) },
            },
        };
    }

    /// <summary>From the method and the route: GET /api/inspections/{id}/draws → getInspectionsByIdDraws.</summary>
    public static string OperationId(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var id = new StringBuilder(method.ToLowerInvariant());
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "api")
                continue;
            var isParameter = segment.StartsWith('{');
            // {kind}.docx → kind.docx: braces anywhere in a segment are not part of the id.
            var name = new string(segment.Where(c => c is not ('{' or '}' or '*')).ToArray()).Split(':')[0];
            if (isParameter)
                id.Append("By");
            foreach (var word in name.Split('-', '.', '_'))
            {
                if (word.Length > 0)
                    id.Append(char.ToUpper(word[0], CultureInfo.InvariantCulture)).Append(word.AsSpan(1));
            }
        }

        return id.ToString();
    }

    private static string TagDescription(string? tag) => tag switch
    {
        "Auth" => "Signing in and out.",
        "Users" => "Users, their roles, home units and own phones (administrators).",
        "Regions" => "The 14 inspection units and 103 counties.",
        "Registry" => "Registry imports, versions and persons.",
        "Inspections" => "Inspections, inspectors, the seed commitment, the calling policy.",
        "Draws" => "The verifiable draw (callback-sample-v1), sealed once made.",
        "Findings" => "The sample as it stands, attempts and findings.",
        "Scoring" => "The evaluation form, scorecards, item scores, locking and feedback.",
        "Calls" => "Verification calls and their recordings.",
        "Simulator" => "The demo's telephone, when no real provider is configured.",
        "Health" => "Health.",
        "Telephony" => "Webhooks Twilio calls (signed).",
        _ => tag ?? "",
    };
}
