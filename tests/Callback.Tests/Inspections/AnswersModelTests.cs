using System.Text.Json;
using Callback.Domain.Calls;
using Callback.Domain.Calls.Scripts;
using Callback.Domain.Findings;
using Callback.Domain.Registry;

namespace Callback.Tests.Inspections;

/// <summary>The one answers type: its words, what it refuses, and how it is stored.</summary>
public sealed class AnswersModelTests
{
    [Theory]
    [InlineData("employmentStatus", "已就业", "已就业")]
    [InlineData("employmentStatus", "NotEmployed", "未就业")]
    [InlineData("employmentForm", "按比例就业", "按比例就业")]
    [InlineData("employmentForm", "Flexible", "灵活就业")]
    [InlineData("trained", "是", "是")]
    [InlineData("trained", "false", "否")]
    [InlineData("trainingYear", "2024", "2024")]
    [InlineData("trainingYear", " 1980 ", "1980")]
    [InlineData("trainingYear", "2100", "2100")]
    public void A_word_is_kept_in_the_registrys_words(string field, string word, string kept)
    {
        var answers = Answers.None.With(field, word);

        Assert.Equal(kept, answers.WordOf(field));
        Assert.Equal([KeyValuePair.Create(field, kept)], answers.Words());
        Assert.True(AnswerFields.Accepts(field, word));
    }

    [Theory]
    [InlineData("employmentStatus", "在上班")]
    [InlineData("employmentStatus", "1")]
    [InlineData("employmentStatus", "0")]
    [InlineData("employmentForm", "自主创业")]
    [InlineData("trained", "maybe")]
    [InlineData("trainingYear", "1979")]
    [InlineData("trainingYear", "2101")]
    [InlineData("trainingYear", "24")]
    [InlineData("trainingYear", "二〇二四")]
    [InlineData("salary", "3000")]
    public void A_word_its_field_cannot_hold_is_refused_naming_the_field_and_the_word(string field, string word)
    {
        var error = Assert.Throws<AnswerFormatException>(() => Answers.None.With(field, word));

        Assert.Equal((field, word), (error.Field, error.Word));
        Assert.Contains(word, error.Message, StringComparison.Ordinal);
        Assert.False(AnswerFields.Accepts(field, word));
    }

    [Fact]
    public void Answers_differ_only_where_both_answer()
    {
        var heard = new Answers(EmploymentStatus.Employed, EmploymentForm.Flexible, false, null);

        Assert.Null(heard.FirstDifference(new Answers(EmploymentStatus.Employed, null, null, 2024)));
        Assert.Equal("employmentForm", heard.FirstDifference(new Answers(EmploymentStatus.Employed, EmploymentForm.Proportional, true, null)));
        Assert.Equal("trained", heard.FirstDifference(new Answers(null, null, true, null)));
        Assert.Equal(new Answers(EmploymentStatus.Employed, null, false, null), heard.Without("employmentForm"));
        Assert.Equal(heard, heard.Without("salary"));
        Assert.True(heard.Without("employmentStatus").Without("employmentForm").Without("trained").IsEmpty);
        Assert.Equal("other", Assert.Throws<ArgumentNullException>(() => heard.FirstDifference(null!)).ParamName);
        Assert.Equal("field", Assert.Throws<ArgumentNullException>(() => heard.With(null!, "是")).ParamName);
        Assert.Equal("word", Assert.Throws<ArgumentNullException>(() => heard.With("trained", null!)).ParamName);
    }

    [Fact]
    public void As_json_answers_are_their_words_and_a_wrong_word_is_refused_unless_read_from_storage()
    {
        var answers = new Answers(EmploymentStatus.Employed, EmploymentForm.Flexible, true, 2024);
        var json = JsonSerializer.Serialize(answers);
        Assert.Equal("""{"employmentStatus":"已就业","employmentForm":"灵活就业","trained":"是","trainingYear":"2024"}""", System.Text.RegularExpressions.Regex.Unescape(json));
        Assert.Equal(answers, JsonSerializer.Deserialize<Answers>(json));
        // What the API takes: the English names, a boolean, a number, nulls for unanswered.
        Assert.Equal(new Answers(EmploymentStatus.NotEmployed, null, false, null),
            JsonSerializer.Deserialize<Answers>("""{"employmentStatus":"NotEmployed","employmentForm":null,"trained":false,"trainingYear":null}"""));
        Assert.Throws<AnswerFormatException>(() => JsonSerializer.Deserialize<Answers>("""{"employmentStatus":"在上班"}"""));
        Assert.Throws<AnswerFormatException>(() => JsonSerializer.Deserialize<Answers>("""{"salary":"3000"}"""));
        Assert.Equal(new Answers(null, null, true, 2024), JsonSerializer.Deserialize<Answers>("""{"trained":true,"trainingYear":2024}"""));
        Assert.Contains("whole number", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Answers>("""{"trainingYear":2024.5}""")).Message, StringComparison.Ordinal);
        Assert.Contains("object", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Answers>("""["已就业"]""")).Message, StringComparison.Ordinal);
        Assert.Contains("answers.trained", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Answers>("""{"trained":[true]}""")).Message, StringComparison.Ordinal);
        // An unknown field is refused even when it is null: nothing sent is silently dropped.
        var unknownNull = Assert.Throws<AnswerFormatException>(() => JsonSerializer.Deserialize<Answers>("""{"salary":null}"""));
        Assert.Equal(("salary", ""), (unknownNull.Field, unknownNull.Word));

        // A stored row keeps what can be read: a text form's "who", an old unheard-of year are skipped, not fatal.
        var lenient = new JsonSerializerOptions { Converters = { new AnswerWordsConverter(lenient: true) } };
        Assert.Equal(new Answers(EmploymentStatus.NotEmployed, null, null, null),
            JsonSerializer.Deserialize<Answers>("""{"who":"person","employmentStatus":"未就业","trainingYear":"1900"}""", lenient));
    }

    [Fact]
    public void A_conversation_keeps_its_answers_typed_and_hears_a_year_that_is_none_as_unclear()
    {
        var script = ScriptLoader.LoadFolder(Path.Combine(AppContext.BaseDirectory, "call-scripts")).Single(s => s.Id == "verification");
        var fill = new Dictionary<string, string> { ["centre"] = "中心", ["name"] = "王某" };
        var state = new ConversationState();
        Conversation.Start(script, state, CallMode.Ivr, fill);
        Conversation.Apply(script, state, CallMode.Ivr, fill, "who", "1", null);
        Conversation.Apply(script, state, CallMode.Ivr, fill, "consent", "1", null);
        Conversation.Apply(script, state, CallMode.Ivr, fill, "employment-status", "2", null);
        Conversation.Apply(script, state, CallMode.Ivr, fill, "trained", "1", null);

        var unclear = Conversation.Apply(script, state, CallMode.Ivr, fill, "training-year", "1900", null);
        Assert.Equal("training-year", unclear.Next.Gather!.Id);
        Assert.Contains("没有听清", unclear.Next.Say[0].Text, StringComparison.Ordinal);
        Assert.Null(state.Answers.TrainingYear);
        Conversation.Apply(script, state, CallMode.Ivr, fill, "training-year", "2024", null);

        Assert.Equal(new Answers(EmploymentStatus.NotEmployed, null, true, 2024), state.Answers);
        Assert.True(Conversation.AllAnswered(script, state));
        // Stored and read back as the call's JSON column is.
        var json = JsonSerializer.Serialize(state, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal(state.Answers, JsonSerializer.Deserialize<ConversationState>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Answers);
    }
}
