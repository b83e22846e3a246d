using System.Security.Cryptography;

namespace Callback.Audio;

/// <summary>
/// Recordings at rest: sealed with SHA-256 of the audio as received, and encrypted with AES-256-GCM under a key of
/// the deployment's own (kept beside the data, never in the repository). The nonce and tag travel in the file.
/// </summary>
public sealed class RecordingVault(byte[] key)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public const int KeySize = 32;

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeySize);

    public static string Seal(byte[] audio) => Convert.ToHexStringLower(SHA256.HashData(audio));

    public byte[] Encrypt(byte[] audio)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var sealedBytes = new byte[NonceSize + TagSize + audio.Length];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, audio, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize));
        nonce.CopyTo(sealedBytes, 0);
        return sealedBytes;
    }

    /// <summary>Decrypts; a file that was altered fails here (the tag no longer matches).</summary>
    public byte[] Decrypt(byte[] stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var audio = new byte[stored.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(stored.AsSpan(0, NonceSize), stored.AsSpan(NonceSize + TagSize), stored.AsSpan(NonceSize, TagSize), audio);
        return audio;
    }
}
