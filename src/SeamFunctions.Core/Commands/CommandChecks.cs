using SeamFunctions.Answers;
using SeamFunctions.Lifecycle;
using SeamFunctions.Validation;

namespace SeamFunctions.Commands;

/// <summary>
/// The checks that turn a parsed request into a command, one method per kind of command, so that every route
/// that makes one (a PUT and a signed upsert, a caller's POST and a signed create) gets the same checks.
/// </summary>
internal static class CommandChecks
{
    /// <summary>How to give a reference, per route: the path, or the source's field map.</summary>
    public const string PathReferenceRule = "The path's reference must be " + CredentialReference.Rule + ".";
    public const string MappedReferenceRule = "This event changes a credential by its reference: map one (Map__reference) of " + CredentialReference.Rule + ".";

    /// <param name="generatedCodeLength">A signed source's PIN length: a PIN the sender did not choose is generated.</param>
    public static Checked Create(AccessRequest access, IdempotencyKey? key, int? generatedCodeLength, string scope, string requestId) =>
        WithGeneratedCode(access, generatedCodeLength, requestId) is { } refused
            ? Checked.Refuse(refused)
            : Checked.Run(new AccessCommand.Create(scope, requestId, Generated(access, generatedCodeLength), key));

    /// <summary>PUT (the path's reference) or a signed upsert (the mapped one): a path-valid reference, which the body's, if any, equals.</summary>
    public static Checked Upsert(string? reference, string referenceRule, AccessRequest access, int? generatedCodeLength, string scope, string requestId)
    {
        if (!CredentialReference.IsValid(reference))
            return Checked.Refuse(Problems.InvalidReference(requestId, referenceRule));
        if (access.Reference is { } named && named != reference)
            return Checked.Refuse(Problems.InvalidReference(requestId, "The body's reference, if given, must equal the path's."));
        access = access with { Reference = reference };
        return WithGeneratedCode(access, generatedCodeLength, requestId) is { } refused
            ? Checked.Refuse(refused)
            : Checked.Run(new AccessCommand.Upsert(scope, requestId, reference!, Generated(access, generatedCodeLength)));
    }

    /// <summary>DELETE (the path's reference) or a signed revoke (the mapped one).</summary>
    public static Checked Revoke(string? reference, string referenceRule, EventVersion? version, string scope, string requestId) =>
        CredentialReference.IsValid(reference)
            ? Checked.Run(new AccessCommand.Revoke(scope, requestId, reference!, version))
            : Checked.Refuse(Problems.InvalidReference(requestId, referenceRule));

    /// <summary>A generated PIN is kept by its reference (the same delivery again gets the same PIN): it needs one.</summary>
    private static Outcome.Failed? WithGeneratedCode(AccessRequest access, int? generatedCodeLength, string requestId) =>
        generatedCodeLength is not null && access is { AccessMethod: AccessMethod.Code, Code: null } && !CredentialReference.IsValid(access.Reference)
            ? Problems.InvalidReference(requestId, "A generated PIN is kept by its reference: map one (Map__reference) of " + CredentialReference.Rule + ", or send a code.")
            : null;

    private static AccessRequest Generated(AccessRequest access, int? generatedCodeLength) =>
        generatedCodeLength is { } length && access is { AccessMethod: AccessMethod.Code, Code: null } ? access with { GeneratedCodeLength = length } : access;
}

/// <summary>A command to run, or the refusal to answer instead.</summary>
internal readonly record struct Checked(AccessCommand? Command, Outcome.Failed? Refusal)
{
    public static Checked Run(AccessCommand command) => new(command, null);

    public static Checked Refuse(Outcome.Failed refusal) => new(null, refusal);
}
