using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Callback.Domain.Registry;

/// <summary>
/// A 128-bit content hash of a record's fields, to tell changed from unchanged on re-import without
/// holding every earlier record in memory. Not a security boundary: the file's SHA-256 is the seal.
/// Not thread-safe: one per import.
/// </summary>
public sealed class RecordHasher
{
    private readonly StringBuilder _text = new(512);
    private byte[] _bytes = new byte[1024];

    public UInt128 Hash(PersonRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var t = _text.Clear();
        const char Sep = '\u001F';
        t.Append(record.CertificateNumber).Append(Sep).Append(record.Name).Append(Sep)
            .Append((int)record.Sex).Append(Sep).Append((int)record.Category).Append(Sep).Append((int)record.Grade).Append(Sep)
            .Append(record.CountyCode).Append(Sep)
            .Append(record.Phone.Written).Append(Sep).Append(record.GuardianPhone.Written).Append(Sep)
            .Append((int)record.EmploymentStatus).Append(Sep).Append((int?)record.EmploymentForm).Append(Sep)
            .Append(record.Employer).Append(Sep).Append(record.NotEmployedReason).Append(Sep)
            .Append(record.Trained ? '1' : '0').Append(Sep).Append(record.TrainingYear).Append(Sep)
            .Append(record.TrainingProgramme).Append(Sep).Append((int?)record.TrainingLength).Append(Sep)
            .Append(record.UpdatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        var needed = Encoding.UTF8.GetMaxByteCount(t.Length);
        if (_bytes.Length < needed)
            _bytes = new byte[needed];
        var length = 0;
        foreach (var chunk in t.GetChunks())
            length += Encoding.UTF8.GetBytes(chunk.Span, _bytes.AsSpan(length));
        return XxHash128.HashToUInt128(_bytes.AsSpan(0, length));
    }
}
