using SeamFunctions.Validation;

namespace SeamFunctions.Commands;

/// <summary>
/// One request as the one thing it asks for, made at the edge (the endpoints read, verify and translate; they
/// decide nothing else) and run by <see cref="CommandHandler"/>. <see cref="Scope"/>: whose records these are.
/// </summary>
internal abstract record AccessCommand(string Scope, string RequestId)
{
    /// <summary>POST: create the access, exactly once for <see cref="Key"/> (none: simply sent).</summary>
    public sealed record Create(string Scope, string RequestId, AccessRequest Access, IdempotencyKey? Key) : AccessCommand(Scope, RequestId);

    /// <summary>PUT by reference, or a signed delivery's upsert: Seam holds <see cref="Access"/> for the reference afterwards.</summary>
    public sealed record Upsert(string Scope, string RequestId, string Reference, AccessRequest Access) : AccessCommand(Scope, RequestId);

    /// <summary>DELETE by reference, or a signed delivery's revoke: Seam holds nothing for the reference afterwards.</summary>
    public sealed record Revoke(string Scope, string RequestId, string Reference, EventVersion? Version) : AccessCommand(Scope, RequestId);

    /// <summary>A delivery whose event asks for nothing: answered so the sender does not retry.</summary>
    public sealed record Ignore(string Scope, string RequestId, string Source, string? Event) : AccessCommand(Scope, RequestId);

    /// <summary>Commands carry PINs and guests: never print them.</summary>
    public sealed override string ToString() => GetType().Name;
}
