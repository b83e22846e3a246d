using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Callback.Persistence;
using Callback.Persistence.Outbox;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Callback.Host.Events;

/// <summary>Wakes the outbox's publisher after a commit (it also looks on its own every few seconds).</summary>
public sealed class OutboxSignal : Common.WakeSignal;

/// <summary>How an inspection change is kept in the outbox and read back as itself.</summary>
public static class OutboxMessages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly Dictionary<string, Type> Types = typeof(InspectionChange).GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType.Name, a => a.DerivedType);

    public static OutboxEvent Of(int inspectionId, string? unitCode, InspectionChange data, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new OutboxEvent
        {
            EventId = Guid.NewGuid(), InspectionId = inspectionId, UnitCode = unitCode, Kind = data.Kind, Type = data.GetType().Name,
            Data = JsonSerializer.Serialize(data, data.GetType(), Json), At = at,
        };
    }

    public static InspectionEvent Read(OutboxEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var type = Types.GetValueOrDefault(stored.Type) ?? throw new InvalidOperationException($"outbox event {stored.Id}: unknown change type {stored.Type}");
        var data = (InspectionChange)(JsonSerializer.Deserialize(stored.Data, type, Json) ?? throw new InvalidOperationException($"outbox event {stored.Id}: empty"));
        return new InspectionEvent(stored.EventId, stored.Kind, stored.InspectionId, stored.UnitCode, stored.At, data);
    }
}
