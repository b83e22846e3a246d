using Callback.Tests.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Callback.Tests.Hosting;

/// <summary>The endpoints as the host builds them (ahead of time, by ASP.NET's request delegate generator).</summary>
public sealed class EndpointBindingTests
{
    [Fact]
    public async Task No_endpoint_asks_for_a_request_body_it_does_not_read()
    {
        await using var server = await CallbackServer.StartAsync();
        var endpoints = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        // A body's content type is matched before the handler runs: an endpoint that "accepts JSON" without reading a
        // body refuses every request sent without one (a GET from a browser was answered 404).
        var askingForNoBody = endpoints
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: null })
            .Select(e => e.DisplayName)
            .ToList();
        var readingWithBody = endpoints
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => m is "GET" or "HEAD" or "DELETE") == true)
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is not null)
            .Select(e => e.DisplayName)
            .ToList();

        Assert.True(endpoints.Count > 50, $"only {endpoints.Count} endpoints");
        Assert.Empty(askingForNoBody);
        Assert.Empty(readingWithBody);
    }
}
