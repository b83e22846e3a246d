using System.Net.WebSockets;
using System.Text;

namespace Callback.Tests.Support;

/// <summary>The SignalR JSON protocol over a raw WebSocket: enough to subscribe and read pushed events in a test.</summary>
public static class HubSocket
{
    private const char RecordSeparator = '\u001e';

    /// <summary>Connects to the inspections hub with the client's bearer token and completes the handshake.</summary>
    public static async Task<ClientWebSocket> ConnectAsync(CallbackServer server, HttpClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(client);
        var socket = new ClientWebSocket();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        await socket.ConnectAsync(new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/hubs/inspections", Query = $"access_token={token}" }.Uri, ct);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}", ct);
        await ReceiveAsync(socket, ct);
        return socket;
    }

    public static Task SendAsync(ClientWebSocket socket, string message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(socket);
        return socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, true, ct);
    }

    /// <summary>One SignalR message. A frame may carry several records, or a record span frames: reads until one is whole.</summary>
    public static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            // Byte by byte keeps every record after this one in the socket for the next call.
            var result = await socket.ReceiveAsync(one, ct);
            if (result.Count == 0)
                continue;
            if (one[0] == (byte)RecordSeparator)
                return Encoding.UTF8.GetString([.. bytes]);
            bytes.Add(one[0]);
        }
    }
}
