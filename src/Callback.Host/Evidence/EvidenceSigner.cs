using System.Security.Cryptography;
using Callback.Host.Configuration;
using Microsoft.Extensions.Options;

namespace Callback.Host.Evidence;

/// <summary>Evidence: where the installation's signing key is kept.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "Evidence";

    /// <summary>The ECDSA P-256 private key (PKCS#8 PEM); empty means signing-key.pem in the data directory, created on first use.</summary>
    public string? SigningKeyPath { get; set; }
}

/// <summary>
/// The installation's signing key (ECDSA P-256, .NET's own cryptography): it signs evidence bundles and the findings
/// chain's head when a scorecard is locked. The private key never leaves the key file; the public key is shown in the
/// console, served by the API and printed by <c>callback public-key</c>.
/// </summary>
public sealed class EvidenceSigner : IDisposable
{
    private readonly Lazy<ECDsa> _key;

    public EvidenceSigner(IOptions<EvidenceOptions> options, IOptions<StorageOptions> storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        KeyPath = string.IsNullOrWhiteSpace(options.Value.SigningKeyPath)
            ? Path.Combine(storage.Value.FullDataDirectory, "signing-key.pem")
            : Path.GetFullPath(options.Value.SigningKeyPath);
        _key = new(Load, LazyThreadSafetyMode.PublicationOnly); // A key file that could not be read yet is tried again, not remembered as failed.
    }

    public string KeyPath { get; }

    public string PublicKeyPem => _key.Value.ExportSubjectPublicKeyInfoPem();

    public string KeyId => Domain.Evidence.Signatures.KeyId(PublicKeyPem);

    public string Sign(byte[] data) =>
        Convert.ToBase64String(_key.Value.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public void Dispose()
    {
        if (_key.IsValueCreated)
            _key.Value.Dispose();
    }

    private ECDsa Load()
    {
        // Readable by this user only; instances sharing the path that start together all keep the first key written.
        var pem = System.Text.Encoding.UTF8.GetString(Common.SharedFiles.ReadOrCreateKey(KeyPath, "Evidence:SigningKeyPath", NewKeyPem));
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            key.ImportFromPem(pem);
            // A public key imports too (the one `callback public-key` prints): it would fail only when something is signed.
            key.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"Evidence:SigningKeyPath: {KeyPath} holds no private key in PEM.", e);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidOperationException($"Evidence:SigningKeyPath: {KeyPath} is not an ECDSA P-256 key.");
        }

        return key;
    }

    private static byte[] NewKeyPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return System.Text.Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem());
    }
}
