using Microsoft.Extensions.Logging;
using SeamFunctions.Answers;
using SeamFunctions.ApiKey;
using SeamFunctions.Logging;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;

namespace SeamFunctions;

/// <summary>From a valid request to the normalized answer: map to Seam's body, call Seam, map the outcome.</summary>
internal sealed class CredentialIssuer(SeamClient seam, ILogger<CredentialIssuer> logger)
{
    public async Task<ApiResponse> IssueAsync(CreateCredentialRequest request, string requestId, CancellationToken cancellationToken)
    {
        SeamCallResult result;
        try
        {
            result = await seam.CreateCredentialAsync(ToSeamBody(request), cancellationToken);
        }
        catch (SecretUnavailableException)
        {
            Log.Failed(logger, requestId, ProblemCodes.SecretUnavailable, seamRequestId: null);
            return Problems.SecretUnavailable(requestId);
        }

        if (result is SeamCallResult.Created created)
        {
            var answer = CredentialMapper.ToAnswer(created.Credential);
            Log.CredentialCreated(logger, requestId, created.SeamRequestId, answer.AcsCredentialId, answer.Status);
            return ApiResponse.Created(new CreatedAnswer
            {
                Credential = answer,
                Reference = request.Reference,
                RequestId = requestId,
                SeamRequestId = created.SeamRequestId,
            });
        }

        var problem = Problems.FromUpstream(result, requestId, request.Code);
        Log.Failed(logger, requestId, problem.ProblemCode!, result.SeamRequestId);
        return problem;
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
}
