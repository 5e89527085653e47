using System.Text.Json;
using System.Text.Json.Serialization;
using SeamFunctions.Commands;
using SeamFunctions.Lifecycle;
using SeamFunctions.Storage;
using SeamFunctions.Validation;

namespace SeamFunctions.Intake;

internal enum QueuedState
{
    /// <summary>Waiting in <c>seam-commands</c>: a message with <see cref="QueuedCommand.Sequence"/> will run it.</summary>
    Queued,

    /// <summary>Given up: <see cref="QueuedCommand.FinalBody"/> is the problem a GET answers until the next command.</summary>
    Failed,
}

/// <summary>
/// The one queued command of a reference (a newer one replaces it: <see cref="Sequence"/> says which message may run
/// it), with its attempts so far, or the final problem it ended in. Beside the lifecycle records (row
/// <c>queued-&lt;SHA-256 of the reference&gt;</c>); holds the PIN and any guest data until it has run.
/// </summary>
internal sealed class QueuedCommand : IStoredRecord<QueuedCommand>
{
    public const string KeyPrefix = "queued-";

    public required string Scope { get; init; }
    public required string Key { get; init; }
    public required string Reference { get; init; }
    public required long Sequence { get; set; }
    public required QueuedState State { get; set; }

    /// <summary>The command to run; null once it was given up (the PIN and any guest data go with it). Typed: the storage edge alone serializes it.</summary>
    public required AccessCommand? Command { get; set; }

    public required DateTimeOffset QueuedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Given up no later than this: <see cref="QueuedAt"/> + <c>Intake__MaxAge</c>, or the stay's end when sooner.</summary>
    public DateTimeOffset Deadline { get; set; }

    public int? FinalStatus { get; set; }
    public string? FinalContentType { get; set; }
    public byte[]? FinalBody { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public string? ETag { get; set; }

    public static string KeyOf(string reference) => KeyPrefix + CredentialReference.Hash(reference);

    public QueuedCommand Copy() => (QueuedCommand)MemberwiseClone();

    public override string ToString() => $"QueuedCommand({State}, {Sequence}, {Attempts} attempts)";
}

/// <summary>A queued command at the storage edge (the <c>Command</c> column): what it asks, for which request, with the access it carries.</summary>
internal sealed class QueuedCommandBody
{
    /// <summary>The column's bytes for <paramref name="command"/>; none for a command given up.</summary>
    public static byte[] Serialize(AccessCommand? command) =>
        command is null ? [] : JsonSerializer.SerializeToUtf8Bytes(Of(command), QueuedCommandJsonContext.Default.QueuedCommandBody);

    /// <summary>The command the column holds for <paramref name="reference"/>; null when it holds none.</summary>
    public static AccessCommand? Deserialize(byte[]? column, string scope, string reference) =>
        column is { Length: > 0 } ? JsonSerializer.Deserialize(column, QueuedCommandJsonContext.Default.QueuedCommandBody)!.ToCommand(scope, reference) : null;

    public required string Kind { get; init; }
    public required string RequestId { get; init; }
    public StoredAccess? Access { get; init; }
    public long? Version { get; init; }
    public bool VersionIsTime { get; init; }

    /// <summary>A guest without a Seam id (personal data): kept only until the command has run.</summary>
    public GuestDetails? Guest { get; init; }

    public int? GeneratedCodeLength { get; init; }
    public bool? BackupCodes { get; init; }

    public static QueuedCommandBody Of(AccessCommand command) => command switch
    {
        AccessCommand.Upsert upsert => Of("upsert", upsert.RequestId, upsert.Access),
        AccessCommand.Create create => Of("create", create.RequestId, create.Access),
        AccessCommand.Revoke revoke => new QueuedCommandBody
        {
            Kind = "revoke", RequestId = revoke.RequestId, Version = revoke.Version?.Value, VersionIsTime = revoke.Version?.IsTime ?? false,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Only commands by reference are queued."),
    };

    private static QueuedCommandBody Of(string kind, string requestId, AccessRequest access) => new()
    {
        Kind = kind, RequestId = requestId, Access = StoredAccess.Of(access), Version = access.Version?.Value, VersionIsTime = access.Version?.IsTime ?? false,
        Guest = access.Guest, GeneratedCodeLength = access.GeneratedCodeLength, BackupCodes = access.BackupCodes,
    };

    public AccessCommand ToCommand(string scope, string reference)
    {
        var version = Version is { } value ? new EventVersion(value, VersionIsTime) : (EventVersion?)null;
        if (Kind == "revoke")
            return new AccessCommand.Revoke(scope, RequestId, reference, version);
        var access = Access!.ToRequest() with
        {
            Reference = reference, Version = version, Guest = Guest, GeneratedCodeLength = GeneratedCodeLength, BackupCodes = BackupCodes,
        };
        return Kind == "create"
            ? new AccessCommand.Create(scope, RequestId, access, IdempotencyKey.OfReference(reference))
            : new AccessCommand.Upsert(scope, RequestId, reference, access);
    }
}

/// <summary>The queue message: which reference's command, and which of its versions (an older one is dropped).</summary>
internal sealed record QueuedCommandMessage(string Scope, string Key, long Sequence)
{
    public override string ToString() => $"QueuedCommandMessage({Sequence})";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(QueuedCommandBody))]
[JsonSerializable(typeof(QueuedCommandMessage))]
internal sealed partial class QueuedCommandJsonContext : JsonSerializerContext;
