using Callback.Domain.Sampling;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Callback.Host.Common;

/// <summary>Turns a refusal into problem details: status, the English code as title and in `code`, the Chinese message as detail.</summary>
public sealed class RefusalHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, code, message) = exception switch
        {
            RequestRefusedException r => (r.Status, r.Code, r.Message),
            DrawException d => (StatusCodes.Status400BadRequest, d.Code, d.Message),
            BadHttpRequestException b => (b.StatusCode, "bad-request", "请求格式有误：" + b.Message),
            _ => (0, "", ""),
        };
        if (status == 0)
            return false;
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Title = code, Detail = message, Extensions = { ["code"] = code } },
        });
    }
}
