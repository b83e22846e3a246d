using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Callback.Domain.Registry;

namespace Callback.Domain.Findings;

/// <summary>
/// The fields a person is asked about: the names the call scripts' questions, the comparison rules and the findings
/// share. A script whose question names another field, or offers a value the field cannot hold, does not load.
/// </summary>
public static class AnswerFields
{
    public const string EmploymentStatus = "employmentStatus";
    public const string EmploymentForm = "employmentForm";
    public const string Trained = "trained";
    public const string TrainingYear = "trainingYear";

    public static readonly IReadOnlyList<string> All = [EmploymentStatus, EmploymentForm, Trained, TrainingYear];

    public static string Chinese(string field) => field switch
    {
        EmploymentStatus => "就业状况",
        EmploymentForm => "就业形式",
        Trained => "是否参加培训",
        TrainingYear => "培训年度",
        _ => field,
    };

    /// <summary>Whether <paramref name="word"/> is a value the field can hold (what a script's option may record).</summary>
    public static bool Accepts(string field, string word)
    {
        try
        {
            Answers.None.With(field, word);
            return true;
        }
        catch (AnswerFormatException)
        {
            return false;
        }
    }
}

/// <summary>A word that is not a value of its field ("已就业" is; "在上班" is not): says which field and which word.</summary>
public sealed class AnswerFormatException(string field, string word)
    : FormatException($"“{AnswerFields.Chinese(field)}”（{field}）不能取值“{word}”")
{
    public string Field { get; } = field;
    public string Word { get; } = word;
}

/// <summary>
/// What the person (or their guardian) said, field by field; null where the question was not answered. The one type
/// of answers: the conversation holds it while the call goes on, the call attempt and the text form keep it, the
/// finding judges it. Its words are the registry's (已就业, 按比例就业, 是, 2024), which is what a script's options record;
/// the API may also use the English names (Employed, Flexible, true).
/// </summary>
[JsonConverter(typeof(AnswerWordsConverter))]
public sealed record Answers(EmploymentStatus? EmploymentStatus, EmploymentForm? EmploymentForm, bool? Trained, int? TrainingYear)
{
    public static readonly Answers None = new(null, null, null, null);

    public bool IsEmpty => this == None;

    /// <summary>The answers with one field set from a word; an unknown field or a word the field cannot hold is refused.</summary>
    public Answers With(string field, string word)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(word);
        var text = word.Trim();
        return field switch
        {
            AnswerFields.EmploymentStatus => this with
            {
                EmploymentStatus = Vocabulary.TryParseEmployment(text, out var s) ? s : Named<EmploymentStatus>(field, text),
            },
            AnswerFields.EmploymentForm => this with
            {
                EmploymentForm = Vocabulary.TryParseForm(text, out var f) ? f : Named<EmploymentForm>(field, text),
            },
            AnswerFields.Trained => this with
            {
                Trained = Vocabulary.TryParseYesNo(text, out var t) ? t
                    : bool.TryParse(text, out var b) ? b : throw new AnswerFormatException(field, word),
            },
            AnswerFields.TrainingYear => this with
            {
                TrainingYear = text.Length == 4 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1980 and <= 2100
                    ? y : throw new AnswerFormatException(field, word),
            },
            _ => throw new AnswerFormatException(field, word),
        };
    }

    /// <summary>The answers with one field unanswered again (an answer changed, or one that no longer applies).</summary>
    public Answers Without(string field) => field switch
    {
        AnswerFields.EmploymentStatus => this with { EmploymentStatus = null },
        AnswerFields.EmploymentForm => this with { EmploymentForm = null },
        AnswerFields.Trained => this with { Trained = null },
        AnswerFields.TrainingYear => this with { TrainingYear = null },
        _ => this,
    };

    /// <summary>The field's answer in the registry's words (已就业, 是, 2024); null when not answered.</summary>
    public string? WordOf(string field) => field switch
    {
        AnswerFields.EmploymentStatus => EmploymentStatus is { } s ? Vocabulary.Text(s) : null,
        AnswerFields.EmploymentForm => EmploymentForm is { } f ? Vocabulary.Text(f) : null,
        AnswerFields.Trained => Trained is { } t ? (t ? "是" : "否") : null,
        AnswerFields.TrainingYear => TrainingYear?.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    /// <summary>The answered fields and their words, in <see cref="AnswerFields.All"/>'s order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Words() =>
        [.. AnswerFields.All.Select(f => (Field: f, Word: WordOf(f))).Where(p => p.Word is not null).Select(p => KeyValuePair.Create(p.Field, p.Word!))];


    /// <summary>The first field both answer, differently; null when they agree wherever both answer.</summary>
    public string? FirstDifference(Answers other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return AnswerFields.All.FirstOrDefault(f => WordOf(f) is { } mine && other.WordOf(f) is { } theirs && mine != theirs);
    }

    private static T Named<T>(string field, string text) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _)
            ? value : throw new AnswerFormatException(field, text);
}

/// <summary>
/// Answers as JSON: an object of field → word, only the answered fields ({"employmentStatus":"已就业","trained":"是"});
/// reads the English names and JSON booleans and numbers too. How a conversation, an attempt and a text form store them.
/// </summary>
public sealed class AnswerWordsConverter : JsonConverter<Answers>
{
    private readonly bool _lenient;

    public AnswerWordsConverter()
    {
    }

    /// <param name="lenient">
    /// Skips what is no answer instead of refusing it: how stored rows are read (a text form's "who", four digits
    /// heard before years were checked), so that one odd word never makes a call unreadable.
    /// </param>
    public AnswerWordsConverter(bool lenient) => _lenient = lenient;

    public override Answers Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("answers must be an object of field → answer");
        var answers = Answers.None;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var field = reader.GetString()!;
            reader.Read();
            var word = reader.TokenType switch
            {
                JsonTokenType.Null => null,
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Number => reader.TryGetInt32(out var number) ? number.ToString(CultureInfo.InvariantCulture)
                    : throw new JsonException($"answers.{field}: expected a whole number"),
                _ => throw new JsonException($"answers.{field}: expected a word, a boolean or a number"),
            };
            // An unknown field name is refused like a wrong value: nothing said is silently dropped.
            if (_lenient && (word is null || !AnswerFields.Accepts(field, word)))
                continue;
            if (word is not null || !AnswerFields.All.Contains(field))
                answers = answers.With(field, word ?? "");
        }

        return answers;
    }

    public override void Write(Utf8JsonWriter writer, Answers value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (field, word) in value.Words())
            writer.WriteString(field, word);
        writer.WriteEndObject();
    }
}
