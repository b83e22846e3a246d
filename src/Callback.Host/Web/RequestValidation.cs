using System.ComponentModel.DataAnnotations;
using Callback.Host.Common;

namespace Callback.Host.Web;

/// <summary>
/// The DataAnnotations validation minimal APIs run before a handler: the console calls the handlers directly, so it
/// runs the same check first and refuses what the API would refuse, with a code.
/// </summary>
internal static class RequestValidation
{
    public static T Valid<T>(T request)
        where T : notnull
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true);
        // The requests are records: their attributes sit on the primary constructor's parameters, which Validator alone
        // does not read (minimal APIs do).
        var type = request.GetType();
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            var attributes = parameter.GetCustomAttributes(typeof(ValidationAttribute), inherit: true).Cast<ValidationAttribute>().ToList();
            if (attributes.Count == 0 || type.GetProperty(parameter.Name!) is not { } property)
                continue;
            Validator.TryValidateValue(property.GetValue(request), new ValidationContext(request) { MemberName = property.Name, DisplayName = property.Name },
                results, attributes);
        }

        if (results.Count > 0)
            throw RequestRefusedException.BadRequest("invalid-request", string.Join("；", results.Select(r => r.ErrorMessage)));
        return request;
    }
}
