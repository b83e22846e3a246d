using System.Text.Json;
using System.Text.RegularExpressions;

namespace Callback.Tests.Support;

/// <summary>
/// Checks a request sent to the Twilio API against Twilio's own OpenAPI description (twilio_api_v2010.json): the
/// path exists for the method, every form parameter is a real one, required ones are there, and values are allowed
/// (enums, integers, absolute URIs, and the "Can be: `a`, `b`" values the description lists for arrays).
/// </summary>
public sealed partial class TwilioContract
{
    private readonly JsonElement _paths;
    private readonly JsonElement _schemas;

    public TwilioContract()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.PathOf("twilio_api_v2010.json")));
        _paths = document.RootElement.GetProperty("paths").Clone();
        _schemas = document.RootElement.GetProperty("components").GetProperty("schemas").Clone();
    }

    /// <summary>A property, or the schema its $ref names.</summary>
    private JsonElement Resolve(JsonElement property) =>
        property.TryGetProperty("$ref", out var reference) ? _schemas.GetProperty(reference.GetString()!.Split('/')[^1]) : property;

    /// <summary>Returns every breach of the contract; empty when the request is valid.</summary>
    public List<string> Check(string method, string path, IReadOnlyDictionary<string, List<string>> form)
    {
        var problems = new List<string>();
        var template = _paths.EnumerateObject().FirstOrDefault(p => Regex.IsMatch(path, "^" + Placeholder().Replace(Regex.Escape(p.Name).Replace("\\{", "{"), "[^/]+") + "$"));
        if (template.Value.ValueKind == JsonValueKind.Undefined)
            return [$"{path}: no such path in the Twilio API"];
        if (!template.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
            return [$"{method} {template.Name}: no such operation"];
        if (!operation.TryGetProperty("requestBody", out var body))
            return form.Count == 0 ? problems : [$"{method} {template.Name}: takes no parameters"];
        var schema = body.GetProperty("content").GetProperty("application/x-www-form-urlencoded").GetProperty("schema");
        var properties = schema.GetProperty("properties");
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !form.ContainsKey(n)))
                problems.Add($"{template.Name}: required parameter {name} is missing");
        }

        foreach (var (name, values) in form)
        {
            if (!properties.TryGetProperty(name, out var property))
            {
                problems.Add($"{template.Name}: {name} is not a parameter");
                continue;
            }

            property = Resolve(property);
            var type = property.TryGetProperty("type", out var t) ? t.GetString() : "string";
            var itemValues = type == "array" ? values : [values.Single()];
            foreach (var value in itemValues)
            {
                if (property.TryGetProperty("enum", out var allowed) && allowed.EnumerateArray().All(a => a.GetString() != value))
                    problems.Add($"{template.Name}: {name}={value} is not allowed");
                if (type == "integer" && !int.TryParse(value, out _))
                    problems.Add($"{template.Name}: {name}={value} is not an integer");
                if (property.TryGetProperty("format", out var format) && format.GetString() == "uri" && !Uri.TryCreate(value, UriKind.Absolute, out _))
                    problems.Add($"{template.Name}: {name}={value} is not an absolute URI");
                if (type == "array" && CanBe(property) is { Count: > 0 } listed && !listed.Contains(value))
                    problems.Add($"{template.Name}: {name}={value} is not among {string.Join(", ", listed)}");
            }
        }

        return problems;
    }

    private static List<string> CanBe(JsonElement property)
    {
        var description = property.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
        var at = description.IndexOf("Can be:", StringComparison.Ordinal);
        if (at < 0)
            return [];
        var sentence = description[at..].Split('.')[0];
        return [.. Backticked().Matches(sentence).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
