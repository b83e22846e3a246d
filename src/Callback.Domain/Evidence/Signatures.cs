using System.Security.Cryptography;

namespace Callback.Domain.Evidence;

/// <summary>ECDSA P-256 with SHA-256, signatures in IEEE P1363 form (r‖s), base64: what a bundle and a locked chain head carry.</summary>
public static class Signatures
{
    /// <summary>Whether <paramref name="signature"/> is the holder of <paramref name="publicKeyPem"/>'s signature over <paramref name="data"/>.</summary>
    public static bool Verify(string publicKeyPem, byte[] data, string? signature)
    {
        ArgumentNullException.ThrowIfNull(publicKeyPem);
        ArgumentNullException.ThrowIfNull(data);
        if (string.IsNullOrEmpty(signature))
            return false;
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(publicKeyPem);
            return key.VerifyData(data, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    /// <summary>A short id of a public key: the first 16 hex digits of SHA-256 over its DER form.</summary>
    public static string KeyId(string publicKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
    }
}
