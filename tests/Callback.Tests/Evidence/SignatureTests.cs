using System.Security.Cryptography;
using System.Text;
using Callback.Domain.Evidence;

namespace Callback.Tests.Evidence;

/// <summary>ECDSA P-256 signatures as bundles carry them: only the key's holder's signature over exactly these bytes verifies.</summary>
public sealed class SignatureTests
{
    private static readonly byte[] Data = Encoding.UTF8.GetBytes("callback-chain-head-v1\n1\n150100");

    private static string Sign(ECDsa key, byte[] data) =>
        Convert.ToBase64String(key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    [Fact]
    public void A_signature_verifies_only_with_its_key_and_its_bytes()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportSubjectPublicKeyInfoPem();
        var signature = Sign(key, Data);

        Assert.True(Signatures.Verify(pem, Data, signature));
        Assert.False(Signatures.Verify(other.ExportSubjectPublicKeyInfoPem(), Data, signature));
        Assert.False(Signatures.Verify(pem, [.. Data, 0], signature));
        Assert.False(Signatures.Verify(pem, Data, null));
        Assert.False(Signatures.Verify(pem, Data, ""));
        Assert.False(Signatures.Verify(pem, Data, "not base64!"));
        Assert.False(Signatures.Verify("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", Data, signature));
        // DER-encoded signatures are not the bundle's form.
        Assert.False(Signatures.Verify(pem, Data, Convert.ToBase64String(key.SignData(Data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))));
    }

    [Fact]
    public void A_key_id_is_sixteen_hex_digits_of_the_key_s_own_hash()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = key.ExportSubjectPublicKeyInfoPem();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16], Signatures.KeyId(pem));
        Assert.Throws<ArgumentNullException>(() => Signatures.Verify(null!, Data, "x"));
        Assert.Throws<ArgumentNullException>(() => Signatures.Verify(pem, null!, "x"));
    }
}
