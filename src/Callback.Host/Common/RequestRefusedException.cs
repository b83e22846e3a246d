namespace Callback.Host.Common;

/// <summary>A request refused for a reason the user can act on: an HTTP status, an English code and a Chinese message.</summary>
public sealed class RequestRefusedException : Exception
{
    public RequestRefusedException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public RequestRefusedException()
        : this(StatusCodes.Status400BadRequest, "refused", "请求被拒绝") { }

    public RequestRefusedException(string message)
        : this(StatusCodes.Status400BadRequest, "refused", message) { }

    public RequestRefusedException(string message, Exception inner)
        : base(message, inner) => (Status, Code) = (StatusCodes.Status400BadRequest, "refused");

    public int Status { get; }

    /// <summary>More members for the problem details (the id of the live call a refusal names, say).</summary>
    public Dictionary<string, object?> Extensions { get; } = [];

    public string Code { get; }

    public static RequestRefusedException BadRequest(string code, string message) => new(StatusCodes.Status400BadRequest, code, message);

    public static RequestRefusedException NotFound(string code, string message) => new(StatusCodes.Status404NotFound, code, message);

    public static RequestRefusedException Conflict(string code, string message) => new(StatusCodes.Status409Conflict, code, message);

    public static RequestRefusedException Forbidden(string code, string message) => new(StatusCodes.Status403Forbidden, code, message);
}
