using System.Text.Json;
using System.Text.Json.Nodes;
using SeamFunctions.Answers;
using SeamFunctions.Validation;

namespace SeamFunctions.OpenApi;

/// <summary>Example answers for the API description, written by the real serializer so they cannot drift.</summary>
internal static class Examples
{
    private const string RequestId = "01a21b30469471fb8c848de348bb2597";

    public static JsonNode Created() => JsonSerializer.SerializeToNode(new CredentialEnvelope
    {
        Credential = new CredentialAnswer
        {
            AcsCredentialId = "f0d435ca-e708-40d9-836f-418140517ce2",
            AcsUserId = "3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63",
            Code = "0482",
            AcsSystemId = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
            ExternalType = "salto_ks_credential",
            ExternalTypeDisplayName = "Salto KS Credential",
            WorkspaceId = "6b2e3ac1-7a1f-4d0e-9f3a-1c5d8e9b2a40",
            CreatedAt = "2026-11-27T04:07:58.509Z",
            AccessMethod = "code",
            DisplayName = "PIN code",
            StartsAt = "2030-01-01T15:00:00.000Z",
            EndsAt = "2030-01-03T11:00:00.000Z",
            IsIssued = true,
            IssuedAt = "2026-11-27T04:07:58.509Z",
            Warnings = [],
            Errors = [],
            Status = CredentialStatus.Issued,
        },
        Reference = "booking-1042",
        RequestId = RequestId,
        SeamRequestId = "583ed983-cdd7-4a16-a3e5-d57474e4f008",
    }, AnswerJsonContext.Default.CredentialEnvelope)!;

    public static JsonNode Queued(string schema) => schema == nameof(QueuedAnswer)
        ? JsonSerializer.SerializeToNode(new QueuedAnswer { Reference = "booking-1042", RequestId = RequestId }, AnswerJsonContext.Default.QueuedAnswer)!
        : JsonSerializer.SerializeToNode(new QueuedStatusAnswer
        {
            Reference = "booking-1042", Attempts = 2, NextAttemptAt = "2030-01-01T12:02:30.000Z", LastError = new QueuedErrorAnswer("upstream_unavailable"), RequestId = RequestId,
        }, AnswerJsonContext.Default.QueuedStatusAnswer)!;

    public static JsonNode Revoked() => JsonSerializer.SerializeToNode(new RevokedAnswer
    {
        Reference = "booking-1042",
        AcsCredentialId = "f0d435ca-e708-40d9-836f-418140517ce2",
        RequestId = RequestId,
        SeamRequestId = "583ed983-cdd7-4a16-a3e5-d57474e4f008",
    }, AnswerJsonContext.Default.RevokedAnswer)!;

    /// <summary>A page of stays: one arriving today with a lock offline, as the list really answers it.</summary>
    public static JsonNode Stays() => JsonSerializer.SerializeToNode(new StaysAnswer
    {
        From = "2030-01-01T03:00:00.000Z",
        To = "2030-01-03T15:00:00.000Z",
        Stays =
        [
            new StayAnswer
            {
                Reference = "booking-1043", Kind = AccessKinds.AccessCode, Name = "booking-1043", StartsAt = "2030-01-01T15:00:00.000Z", EndsAt = "2030-01-03T11:00:00.000Z",
                Status = CredentialStatus.Issued,
                Readiness = new ReadinessAnswer { Ready = false, Reasons = [new ReasonAnswer(ReasonAnswer.LockOffline, "8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70")], CheckedAt = "2030-01-01T13:00:00.000Z" },
                Doors =
                [
                    new StayDoorAnswer { DeviceId = "8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70", DeviceName = "Front door", AccessCodeId = "b6b01989-da70-4a56-8aac-aff86ad0ee14", Status = "set", Online = false, BatteryLevel = 0.64 },
                ],
            },
        ],
        RequestId = RequestId,
    }, AnswerJsonContext.Default.StaysAnswer)!;

    /// <summary>A representative problem for a status, as the adapter really builds it.</summary>
    public static JsonNode Problem(int status)
    {
        var response = status switch
        {
            400 => Problems.InvalidRequest(RequestId, InvalidCode()),
            401 => Problems.SignatureRefused(RequestId, Webhooks.SignatureCheck.Invalid),
            404 => Problems.FromUpstream(new Upstream.SeamCallResult.Rejected(404, new Upstream.SeamErrorBody { Type = "acs_user_not_found", Message = "acs_user not found" }, "req-1"), RequestId, null),
            409 => Problems.IdempotencyInProgress(RequestId, TimeSpan.FromSeconds(5)),
            413 => Problems.PayloadTooLarge(RequestId, Inbound.JsonBody.MaxBytes),
            415 => Problems.UnsupportedMediaType(RequestId),
            422 => Problems.IdempotencyKeyReused(RequestId),
            429 => Problems.FromUpstream(new Upstream.SeamCallResult.RateLimited(TimeSpan.FromSeconds(7), "req-1"), RequestId, null),
            502 => Problems.FromUpstream(new Upstream.SeamCallResult.Unavailable("status 503", "req-1"), RequestId, null),
            503 => Problems.SecretUnavailable(RequestId),
            504 => Problems.FromUpstream(new Upstream.SeamCallResult.TimedOut(), RequestId, null),
            _ => Problems.InternalError(RequestId),
        };
        return JsonNode.Parse(Inbound.OutcomeRendering.Render(response).Body)!;
    }

    private static ValidationErrors InvalidCode()
    {
        var errors = new ValidationErrors();
        errors.Add(FieldNames.Code, "Must be a JSON string of digits, e.g. \"0123\", not a number: a number loses its leading zeros.");
        return errors;
    }
}
