using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace Callback.Audio;

/// <summary>
/// Prepares recorded prompts (the Mongolian ones: there is no Mongolian voice) for the phone network: 8 kHz,
/// mono, 16-bit, peak normalised to -1 dBFS so that every prompt plays at the same level.
/// </summary>
public static class PromptAudio
{
    public const int TelephoneRate = 8000;
    public const double TargetPeakDecibels = -1.0;

    public static byte[] PrepareForTelephone(byte[] wav)
    {
        ArgumentNullException.ThrowIfNull(wav);
        using var reader = new WaveFileReader(new MemoryStream(wav, writable: false));
        ISampleProvider samples = reader.ToSampleProvider();
        if (samples.WaveFormat.Channels == 2)
            samples = new StereoToMonoSampleProvider(samples);
        else if (samples.WaveFormat.Channels != 1)
            throw new InvalidDataException($"prompts must be mono or stereo, not {samples.WaveFormat.Channels} channels");
        if (samples.WaveFormat.SampleRate != TelephoneRate)
            samples = new WdlResamplingSampleProvider(samples, TelephoneRate);

        var all = new List<float>();
        var buffer = new float[TelephoneRate];
        int read;
        while ((read = samples.Read(buffer)) > 0)
            all.AddRange(buffer.AsSpan(0, read).ToArray());
        var peak = all.Count == 0 ? 0 : all.Max(Math.Abs);
        var gain = peak > 0 ? (float)(Math.Pow(10, TargetPeakDecibels / 20) / peak) : 1f;

        using var output = new MemoryStream();
        using (var writer = new WaveFileWriter(output, new WaveFormat(TelephoneRate, 16, 1)))
        {
            var scaled = all.Select(s => s * gain).ToArray();
            writer.WriteSamples(scaled, 0, scaled.Length);
        }

        return output.ToArray();
    }

    /// <summary>A test tone (the simulator's stand-in for a conversation): 8 kHz mono 16-bit.</summary>
    public static byte[] Tone(double seconds, double frequency = 440, double amplitude = 0.3, int sampleRate = TelephoneRate)
    {
        using var output = new MemoryStream();
        using (var writer = new WaveFileWriter(output, new WaveFormat(sampleRate, 16, 1)))
        {
            var count = (int)(seconds * sampleRate);
            var samples = new float[count];
            for (var i = 0; i < count; i++)
                samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
            writer.WriteSamples(samples, 0, samples.Length);
        }

        return output.ToArray();
    }
}
