using System.Net;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;

namespace SeamFunctions.Tests.EndToEnd;

/// <summary>All logs of full requests, at Trace level, hold no PIN, key, Authorization header or body.</summary>
public sealed class NoSecretsInLogsTests
{
    private const string Pin = "7391528"; // 7 digits: no chance match inside a hex request id; Pin + "1" is still a valid 8-digit PIN
    private const string RotatedKey = "seam_rotated_9f8e7d6c5b4a";
    private const string BodyMarker = "booking-Zq81-body-marker";

    [Fact]
    public async Task NothingSecretIsLoggedOnSuccessRotationRejectionAndRefusal()
    {
        using var vault = new StubKeyVault { SecretValue = FakeSeamSeed.ApiKey };
        await using var adapter = await Adapter.StartAsync(vault: vault);

        var request = Adapter.ValidRequest(Pin);
        request["reference"] = BodyMarker;
        using (var created = await adapter.PostAsync(request))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        adapter.Seam.State.ApiKeys.Clear();
        adapter.Seam.State.ApiKeys[RotatedKey] = FakeSeamSeed.WorkspaceId;
        vault.SecretValue = RotatedKey;
        using (var rotated = await adapter.PostAsync(Adapter.ValidRequest(Pin + "1")))
            Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);

        using (var rejected = await adapter.PostAsync(Adapter.ValidRequest("12")))
            Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        using (var refused = await adapter.PostAsync($$"""{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","code":{{Pin}},"reference":"{{BodyMarker}}"}"""))
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var logs = adapter.AllLogText();
        Assert.Contains("created for request", logs, StringComparison.Ordinal); // the capture really captured
        Assert.Contains("Seam refused the API key", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { Pin, FakeSeamSeed.ApiKey, RotatedKey, "stub-access-token", "Bearer ", BodyMarker, "\"acs_user_id\"" })
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
    }
}
