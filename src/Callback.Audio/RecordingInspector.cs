using NAudio.Wave;

namespace Callback.Audio;

/// <summary>What a recording is: its format, length, loudest sample, and whether it is (nearly) silent.</summary>
public sealed record RecordingCheck(int SampleRate, int Channels, int BitsPerSample, double Seconds, double PeakDecibels, bool Silent, bool TooShort)
{
    public bool Usable => !Silent && !TooShort;
}

/// <summary>Checks a downloaded recording with NAudio: a WAV file, long enough, not silent.</summary>
public static class RecordingInspector
{
    public static RecordingCheck Inspect(byte[] wav, double minimumSeconds, double silenceDecibels)
    {
        ArgumentNullException.ThrowIfNull(wav);
        using var stream = new MemoryStream(wav, writable: false);
        WaveFileReader reader;
        try
        {
            reader = new WaveFileReader(stream);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException("the recording is not a WAV file", e);
        }

        using (reader)
        {
            var format = reader.WaveFormat;
            var samples = reader.ToSampleProvider();
            var buffer = new float[format.SampleRate * format.Channels];
            var peak = 0f;
            int read;
            while ((read = samples.Read(buffer)) > 0)
            {
                for (var i = 0; i < read; i++)
                    peak = Math.Max(peak, Math.Abs(buffer[i]));
            }

            var decibels = peak <= 0 ? double.NegativeInfinity : 20 * Math.Log10(peak);
            var seconds = reader.TotalTime.TotalSeconds;
            return new RecordingCheck(format.SampleRate, format.Channels, format.BitsPerSample, Math.Round(seconds, 2),
                Math.Round(decibels, 1), decibels < silenceDecibels, seconds < minimumSeconds);
        }
    }
}
