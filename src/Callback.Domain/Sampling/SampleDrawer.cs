using System.Security.Cryptography;
using System.Text;

namespace Callback.Domain.Sampling;

/// <summary>
/// One draw of callback-sample-v1, fed a member at a time (UTF-8 bytes), so that members can be keyed while the
/// rest of the population is still being read. Keeps only the n + r smallest keys (a bounded max-heap) and the
/// members, for the population hash. Not thread-safe.
/// </summary>
public sealed class SampleDrawer : IDisposable
{
    private readonly HMACSHA256 _hmac;
    private readonly string _unit;
    private readonly int _n;
    private readonly int _wanted;
    private readonly byte[] _prefix;
    private readonly PriorityQueue<Candidate, Candidate> _best;
    private readonly List<byte[]> _members = [];
    private readonly byte[] _key = new byte[32];
    private byte[] _message;

    public SampleDrawer(string seed, string unit, int n, int r)
    {
        SampleDraw.ValidateSeed(seed);
        ArgumentException.ThrowIfNullOrEmpty(unit);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(r);
        _hmac = new HMACSHA256(Encoding.UTF8.GetBytes(seed));
        _unit = unit;
        _n = n;
        _wanted = n + r;
        _prefix = Encoding.UTF8.GetBytes(unit + "|");
        _message = new byte[_prefix.Length + 64];
        _prefix.CopyTo(_message, 0);
        _best = new PriorityQueue<Candidate, Candidate>(_wanted + 1, CandidateDescending.Instance);
    }

    public void Add(byte[] member)
    {
        ArgumentNullException.ThrowIfNull(member);
        _members.Add(member);
        if (_wanted == 0)
            return;
        if (_message.Length < _prefix.Length + member.Length)
            Array.Resize(ref _message, _prefix.Length + member.Length);
        member.CopyTo(_message, _prefix.Length);
        _hmac.TryComputeHash(_message.AsSpan(0, _prefix.Length + member.Length), _key, out _);
        if (_best.Count < _wanted)
        {
            var candidate = new Candidate(member, (byte[])_key.Clone());
            _best.Enqueue(candidate, candidate);
        }
        else if (_key.AsSpan().SequenceCompareTo(_best.Peek().Key) < 0)
        {
            var candidate = new Candidate(member, (byte[])_key.Clone());
            _best.DequeueEnqueue(candidate, candidate);
        }
    }

    public DrawResult Complete()
    {
        var ordered = new List<Candidate>(_best.Count);
        while (_best.Count > 0)
            ordered.Add(_best.Dequeue());
        ordered.Reverse();

        // Equal keys would need a tie-break the contract does not define; with SHA-256 they do not occur.
        return new DrawResult(
            SampleDraw.Algorithm, _unit, _members.Count, SampleDraw.PopulationHash(_members),
            [.. ordered.Take(_n).Select(c => Encoding.UTF8.GetString(c.Member))],
            [.. ordered.Skip(_n).Select(c => Encoding.UTF8.GetString(c.Member))]);
    }

    public void Dispose() => _hmac.Dispose();

    private sealed record Candidate(byte[] Member, byte[] Key);

    /// <summary>Largest key first, so the heap's top is the one to drop.</summary>
    private sealed class CandidateDescending : IComparer<Candidate>
    {
        public static readonly CandidateDescending Instance = new();

        public int Compare(Candidate? x, Candidate? y) => y!.Key.AsSpan().SequenceCompareTo(x!.Key);
    }
}
