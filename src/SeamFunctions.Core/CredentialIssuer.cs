using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.Secrets;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;
using SeamFunctions.Inbound;

namespace SeamFunctions;

/// <summary>From a valid request to the normalized answer: map to Seam's body, call Seam, map the outcome.</summary>
internal sealed class CredentialIssuer(SeamClient seam, ILogger<CredentialIssuer> logger)
{
    public async Task<IssueOutcome> IssueAsync(CreateCredentialRequest request, string requestId, CancellationToken cancellationToken)
    {
        SeamCallResult result;
        try
        {
            result = await seam.CreateCredentialAsync(ToSeamBody(request), cancellationToken);
        }
        catch (SecretUnavailableException)
        {
            RequestLog.Failed(logger, requestId, ProblemCodes.SecretUnavailable, seamRequestId: null);
            return new IssueOutcome(Problems.SecretUnavailable(requestId), UpstreamEffect.NotActed);
        }

        if (result is SeamCallResult.Created created)
            return new IssueOutcome(Created(created.Credential, request, requestId, created.SeamRequestId), UpstreamEffect.Answered);

        var problem = Problems.FromUpstream(result, requestId, request.Code);
        RequestLog.Failed(logger, requestId, problem.ProblemCode!, result.SeamRequestId);
        return new IssueOutcome(problem, EffectOf(result));
    }

    /// <summary>The 201 for a credential Seam created for this request (now, or in an earlier attempt).</summary>
    public ApiResponse Created(SeamCredential credential, CreateCredentialRequest request, string requestId, string? seamRequestId)
    {
        var answer = CredentialMapper.ToAnswer(credential);
        RequestLog.CredentialCreated(logger, requestId, seamRequestId, answer.AcsCredentialId, answer.Status);
        return ApiResponse.Created(new CreatedAnswer
        {
            Credential = answer,
            Reference = request.Reference,
            RequestId = requestId,
            SeamRequestId = seamRequestId,
        });
    }

    internal static SeamCreateCredentialBody ToSeamBody(CreateCredentialRequest request) => new()
    {
        AccessMethod = request.AccessMethod.ToWire(),
        AcsUserId = request.AcsUserId,
        UserIdentityId = request.UserIdentityId,
        AcsSystemId = request.AcsSystemId,
        Code = request.Code,
        StartsAt = request.StartsAt,
        EndsAt = request.EndsAt,
        AllowedAcsEntranceIds = request.AllowedAcsEntranceIds,
        IsMultiPhoneSyncCredential = request.IsMultiPhoneSyncCredential,
    };

    private static UpstreamEffect EffectOf(SeamCallResult result) => result switch
    {
        SeamCallResult.Rejected => UpstreamEffect.Answered,
        SeamCallResult.RateLimited or SeamCallResult.AuthFailed => UpstreamEffect.NotActed,
        SeamCallResult.Unavailable { SeamMayHaveActed: false } => UpstreamEffect.NotActed,
        _ => UpstreamEffect.Unknown,
    };
}
