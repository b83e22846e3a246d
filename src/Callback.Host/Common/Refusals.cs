using Callback.Domain.Sampling;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Common;

/// <summary>
/// One shape for every refusal: problem details with an English <c>code</c> (also the title) and a Chinese
/// <c>detail</c>. Request bodies are validated from their DataAnnotations by .NET 10's minimal-API
/// validation; binding failures (malformed JSON, wrong types, bad dates) are thrown and answered here;
/// empty 401/403/404/405/415 answers from routing and authorisation get a body by their status.
/// </summary>
public static partial class Refusals
{
    [System.Text.RegularExpressions.GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial System.Text.RegularExpressions.Regex CodeLike();

    public static IServiceCollection AddCallbackRefusals(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context => Complete(context.ProblemDetails, context.HttpContext));
        services.AddExceptionHandler<RefusalHandler>();
        services.AddValidation();
        // A body that cannot be bound is thrown as BadHttpRequestException, so that it is answered like any refusal.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Refusals are expected answers, not faults: no error log with a stack trace for them.
        services.Configure<ExceptionHandlerOptions>(o => o.SuppressDiagnosticsCallback = c => RefusalHandler.IsRefusal(c.Exception));
        return services;
    }

    /// <summary>Gives every problem a code and a Chinese detail, by its status when the thrower gave none.</summary>
    private static void Complete(ProblemDetails problem, HttpContext http)
    {
        if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } invalid && !problem.Extensions.ContainsKey("code"))
        {
            problem.Title = "invalid-request";
            problem.Extensions["code"] = "invalid-request";
            problem.Detail = "请求内容有误，请检查这些字段：" + string.Join("、", invalid.Errors.Keys) + "（errors 中有每个字段的说明）";
            return;
        }

        if (problem.Extensions.ContainsKey("code"))
            return;
        if (problem.Title is { } title && CodeLike().IsMatch(title) && problem.Detail is not null)
        {
            problem.Extensions["code"] = title;
            return;
        }

        var (code, detail) = ByStatus(problem.Status ?? http.Response.StatusCode);
        problem.Title = code;
        problem.Extensions["code"] = code;
        problem.Detail = detail;
    }

    // Said the same whether binding threw it or only set the status: ASP.NET's request delegate generator sets a bare 400
    // for an optional query value it cannot parse (?page=abc), where the run-time factory throws.
    internal const string BadRequestDetail = "请求格式有误：请检查地址中的参数和请求体";

    private static (string Code, string Detail) ByStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => ("bad-request", BadRequestDetail),
        StatusCodes.Status401Unauthorized => ("not-signed-in", "请先登录（或登录已过期、已退出）"),
        StatusCodes.Status403Forbidden => ("forbidden", "您的角色无权执行此操作"),
        StatusCodes.Status404NotFound => ("not-found", "找不到所请求的地址或资源"),
        StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "此地址不支持该请求方法"),
        StatusCodes.Status409Conflict => ("conflict", "与现有数据冲突，请刷新后再试"),
        StatusCodes.Status413PayloadTooLarge => ("too-large", "请求内容过大"),
        StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "请求内容类型不受支持，请以 application/json 发送"),
        StatusCodes.Status429TooManyRequests => ("too-many-requests", "请求过于频繁，请稍后再试"),
        >= 500 => ("server-error", "服务器内部错误，已记录；请稍后再试或联系管理员"),
        _ => ("refused", "请求被拒绝"),
    };
}

/// <summary>Turns a refusal into problem details: status, the English code as title and in `code`, the Chinese message as detail.</summary>
public sealed partial class RefusalHandler(IProblemDetailsService problems, ILogger<RefusalHandler> logger) : IExceptionHandler
{
    public static bool IsRefusal(Exception exception) => Classify(exception).Status != 0;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, code, message) = Classify(exception);
        if (status == 0)
            return false;
        LogRefused(logger, httpContext.Request.Method, httpContext.Request.Path, status, code);
        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = code, Detail = message, Extensions = { ["code"] = code } };
        if (exception is RequestRefusedException { Extensions.Count: > 0 } refused)
        {
            foreach (var (key, value) in refused.Extensions)
                problem.Extensions[key] = value;
        }

        if (exception is BadHttpRequestException { InnerException: { } inner })
            problem.Extensions["reason"] = inner.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static (int Status, string Code, string Message) Classify(Exception exception) => exception switch
    {
        RequestRefusedException r => (r.Status, r.Code, r.Message),
        DrawException d => (StatusCodes.Status400BadRequest, d.Code, d.Message),
        // An answer in a request's body that its field cannot hold: said with the field, in words.
        Domain.Findings.AnswerFormatException a => (StatusCodes.Status400BadRequest, "invalid-answer", $"回答无效：{a.Message}（可用登记表的用语，如“已就业”“按比例就业”“是”“2024”）"),
        BadHttpRequestException { InnerException: System.Text.Json.JsonException } =>
            (StatusCodes.Status400BadRequest, "invalid-json", "请求内容不是有效的 JSON，或某个字段的类型、日期格式不对（日期写作 2026-11-29，时间写作 2026-11-29T09:30:00+08:00）"),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } =>
            (StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "请求内容类型不受支持，请以 application/json 发送"),
        BadHttpRequestException b when b.Message.Contains("from body", StringComparison.OrdinalIgnoreCase) || b.Message.Contains("no body", StringComparison.OrdinalIgnoreCase) =>
            (StatusCodes.Status400BadRequest, "missing-body", "请求缺少内容（JSON 请求体）"),
        BadHttpRequestException b => (b.StatusCode, "bad-request", Refusals.BadRequestDetail),
        // SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY, PostgreSQL's unique_violation (23505): two identical creations
        // raced; other constraint failures are faults.
        DbUpdateException { InnerException: Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } }
            or DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } } =>
            (StatusCodes.Status409Conflict, "already-exists", "相同的记录已经存在（可能是重复提交或他人刚刚提交），请刷新后查看"),
        _ => (0, "", ""),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path}: {Status} {Code}")]
    private static partial void LogRefused(ILogger logger, string method, string path, int status, string code);
}
