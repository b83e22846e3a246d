using Microsoft.Extensions.Configuration;

using Callback.Tests.Support;

namespace Callback.Tests.Hosting;

/// <summary>appsettings.template.json lists every setting the program has, and loads as Callback loads settings.</summary>
public sealed class SettingsTemplateTests
{
    private static IEnumerable<string> Keys(IConfiguration configuration) =>
        configuration.AsEnumerable().Where(p => p.Value is not null).Select(p => p.Key);

    [Fact]
    public void Every_default_setting_is_in_the_template()
    {
        var template = new ConfigurationBuilder().AddJsonFile(Fixtures.RepositoryFile("appsettings.template.json")).Build();
        var defaults = new ConfigurationBuilder().AddJsonFile(Fixtures.RepositoryFile("src", "Callback.Host", "appsettings.json")).Build();

        var missing = Keys(defaults).Where(k => !k.StartsWith("Logging:", StringComparison.Ordinal)).Except(Keys(template)).ToList();

        Assert.Empty(missing);
        Assert.Equal("simulator", template["Telephony:Provider"]);
        Assert.Equal("https://api.twilio.com", template["Telephony:Twilio:ApiBaseUrl"]);
    }
}
