using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Findings;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Callback.Persistence.Inspections;

/// <summary>
/// The typed values kept as JSON columns: a call's conversation, the answers of an attempt or a text form. Read
/// leniently (an odd word in an old row is skipped, never makes the row unreadable); compared by their JSON, so a
/// change inside the object is saved.
/// </summary>
internal static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new AnswerWordsConverter(lenient: true) },
    };

    public static ValueConverter<ConversationState, string> Conversation { get; } = new(
        v => JsonSerializer.Serialize(v, Options), v => JsonSerializer.Deserialize<ConversationState>(v, Options) ?? new ConversationState());

    public static ValueComparer<ConversationState> ConversationComparer { get; } = new(
        (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
        v => JsonSerializer.Serialize(v, Options).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<ConversationState>(JsonSerializer.Serialize(v, Options), Options)!);

    // Null stays a null column: EF never hands a converter a null.
    public static ValueConverter<Answers?, string> Answers { get; } = new(
        v => JsonSerializer.Serialize(v!, Options), v => JsonSerializer.Deserialize<Answers>(v, Options));
}
