using Microsoft.Extensions.Logging;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Guests;
using SeamFunctions.Idempotency;
using SeamFunctions.Lifecycle;
using SeamFunctions.Webhooks;

namespace SeamFunctions.Commands;

/// <summary>
/// Runs every command, whichever route made it: a guest without a Seam id is resolved first; then a create by
/// reference and every upsert or revoke go to the reference's record (<see cref="ReferenceCommands"/>), a create
/// with a key of one request to <see cref="ExactlyOnceIssuer"/>, a create without a key straight to Seam.
/// </summary>
internal sealed class CommandHandler(
    GuestResolver guests, ReferenceCommands references, ExactlyOnceIssuer keyed, AccessKindSelector kinds, ILogger<CommandHandler> logger)
{
    public Task<Outcome> RunAsync(AccessCommand command, CancellationToken cancellationToken) => command switch
    {
        AccessCommand.Create create => CreateAsync(create, cancellationToken),
        AccessCommand.Upsert upsert => UpsertAsync(upsert, cancellationToken),
        AccessCommand.Revoke revoke => references.RevokeAsync(revoke.Reference, revoke.Version, revoke.Scope, revoke.RequestId, cancellationToken),
        AccessCommand.Ignore ignore => Task.FromResult<Outcome>(Ignored(ignore)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a command this handler knows."),
    };

    /// <summary>GET by reference: a query, not a command.</summary>
    public Task<Outcome> ReadAsync(string reference, string scope, string requestId, CancellationToken cancellationToken) =>
        references.GetAsync(reference, scope, requestId, cancellationToken);

    private async Task<Outcome> CreateAsync(AccessCommand.Create create, CancellationToken cancellationToken)
    {
        var (request, unresolved) = await guests.ResolveAsync(create.Access, create.RequestId, cancellationToken);
        if (unresolved is not null)
            return unresolved;
        return create.Key switch
        {
            { Reference: { } reference } => await references.CreateAsync(reference, request!, create.Scope, create.RequestId, cancellationToken),
            { } key => await keyed.IssueAsync(request!, key, create.Scope, create.RequestId, cancellationToken),
            null => (await kinds.For(request!).CreateAsync(request!, made: null, NoLease.Instance, create.RequestId, cancellationToken)).Answer,
        };
    }

    private async Task<Outcome> UpsertAsync(AccessCommand.Upsert upsert, CancellationToken cancellationToken)
    {
        var (request, unresolved) = await guests.ResolveAsync(upsert.Access, upsert.RequestId, cancellationToken);
        return unresolved ?? await references.PutAsync(upsert.Reference, request!, upsert.Scope, upsert.RequestId, cancellationToken);
    }

    private Outcome.Ignored Ignored(AccessCommand.Ignore ignore)
    {
        WebhookLog.Ignored(logger, ignore.Source, ignore.Event, ignore.RequestId);
        return new Outcome.Ignored(new IgnoredAnswer { Event = ignore.Event, RequestId = ignore.RequestId });
    }
}
