using Callback.Host.Common;
using Callback.Host.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Callback.Host.Registry;

/// <summary>
/// Spools an uploaded registry file to this instance's uploads folder without holding it in memory, refusing a body
/// larger than Import:MaxUploadBytes before reading it when its length is declared, and while reading otherwise.
/// </summary>
public sealed class RegistryUpload(string folder, ImportOptions limits)
{
    public sealed record Spooled(string Path, string FileName, long Length);

    public async Task<Spooled> SpoolAsync(HttpRequest request, string? fileNameFromQuery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = limits.MaxUploadBytes;
        if (request.ContentLength > limit + MultipartAllowance)
            throw TooLarge(limit);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limit + MultipartAllowance;

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.upload");
        try
        {
            string fileName;
            long length;
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
                (fileName, length) = await SpoolMultipartAsync(request, type, path, limit, cancellationToken);
            else
                (fileName, length) = (fileNameFromQuery ?? "upload", await CopyAsync(request.Body, path, limit, cancellationToken));

            if (length == 0)
                throw RequestRefusedException.BadRequest("empty-file", "上传的文件是空的");
            return new Spooled(path, CleanFileName(fileName), length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>A file given as a stream (the console's upload): spooled under the same size limit, refused empty.</summary>
    public async Task<Spooled> SpoolStreamAsync(Stream body, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.upload");
        try
        {
            var length = await CopyAsync(body, path, limits.MaxUploadBytes, cancellationToken);
            if (length == 0)
                throw RequestRefusedException.BadRequest("empty-file", "上传的文件是空的");
            return new Spooled(path, CleanFileName(fileName), length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    // Multipart framing around the file: boundaries and part headers.
    private const long MultipartAllowance = 64 * 1024;

    private static async Task<(string, long)> SpoolMultipartAsync(HttpRequest request, MediaTypeHeaderValue type, string path, long limit, CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            throw RequestRefusedException.BadRequest("bad-multipart", "multipart 请求缺少 boundary");
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition())
                continue;
            var name = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "upload";
            return (name, await CopyAsync(section.Body, path, limit, cancellationToken));
        }

        throw RequestRefusedException.BadRequest("no-file", "请求中没有文件：请以 file 字段上传 CSV 或 XLSX 文件");
    }

    private static async Task<long> CopyAsync(Stream body, string path, long limit, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > limit)
                    throw TooLarge(limit);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }

        return total;
    }

    private static RequestRefusedException TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, "file-too-large",
        $"文件超过上传上限 {limit / (1024 * 1024)} MB（Import:MaxUploadBytes）；请按盟市分批导出，或由管理员在服务器上用 callback import 导入");

    /// <summary>The name as shown and stored: the last path segment, without control characters (a NUL among them), at most 200 characters.</summary>
    internal static string CleanFileName(string name)
    {
        var clean = new string([.. Path.GetFileName(name.Replace('\\', '/')).Where(c => !char.IsControl(c))]).Trim();
        return clean.Length == 0 ? "upload" : clean.Length > 200 ? clean[..200] : clean;
    }
}
