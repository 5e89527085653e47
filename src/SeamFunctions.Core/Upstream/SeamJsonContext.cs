using System.Text.Json.Serialization;

namespace SeamFunctions.Upstream;

/// <summary>Seam's wire format: snake_case, absent rather than null on the way out.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SeamCreateCredentialBody))]
[JsonSerializable(typeof(SeamCreateCredentialResponse))]
[JsonSerializable(typeof(SeamErrorEnvelope))]
[JsonSerializable(typeof(SeamListCredentialsBody))]
[JsonSerializable(typeof(SeamListCredentialsResponse))]
[JsonSerializable(typeof(SeamCredentialIdBody))]
[JsonSerializable(typeof(SeamUpdateCredentialBody))]
[JsonSerializable(typeof(SeamOkResponse))]
[JsonSerializable(typeof(SeamCreateUserIdentityBody))]
[JsonSerializable(typeof(SeamUserIdentityKeyBody))]
[JsonSerializable(typeof(SeamUserIdentityResponse))]
[JsonSerializable(typeof(SeamWorkspaceResponse))]
[JsonSerializable(typeof(SeamCreateAccessCodeBody))]
[JsonSerializable(typeof(SeamUpdateAccessCodeBody))]
[JsonSerializable(typeof(SeamAccessCodeIdBody))]
[JsonSerializable(typeof(SeamListAccessCodesBody))]
[JsonSerializable(typeof(SeamAccessCodeResponse))]
[JsonSerializable(typeof(SeamListAccessCodesResponse))]
[JsonSerializable(typeof(SeamBackupAccessCodeResponse))]
[JsonSerializable(typeof(SeamDeviceIdBody))]
[JsonSerializable(typeof(SeamDeviceResponse))]
[JsonSerializable(typeof(SeamCreateAccessGrantBody))]
[JsonSerializable(typeof(SeamUpdateAccessGrantBody))]
[JsonSerializable(typeof(SeamRequestAccessMethodsBody))]
[JsonSerializable(typeof(SeamAccessGrantIdBody))]
[JsonSerializable(typeof(SeamAccessMethodIdBody))]
[JsonSerializable(typeof(SeamListAccessGrantsBody))]
[JsonSerializable(typeof(SeamAccessGrantResponse))]
[JsonSerializable(typeof(SeamListAccessGrantsResponse))]
[JsonSerializable(typeof(SeamListAccessMethodsResponse))]
internal sealed partial class SeamJsonContext : JsonSerializerContext;
