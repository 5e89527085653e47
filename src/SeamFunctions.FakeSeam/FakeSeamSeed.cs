namespace SeamFunctions.FakeSeam;

/// <summary>The fixed world the fake starts with: one workspace, one access system, two users.</summary>
public static class FakeSeamSeed
{
    public const string ApiKey = "seam_fake_0123456789abcdef";
    public static readonly Guid WorkspaceId = Guid.Parse("6b2e3ac1-7a1f-4d0e-9f3a-1c5d8e9b2a40");
    public static readonly Guid ConnectedAccountId = Guid.Parse("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0");
    public static readonly Guid AcsSystemId = Guid.Parse("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");

    /// <summary>An ACS user with no user identity.</summary>
    public static readonly Guid AcsUserId = Guid.Parse("3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63");

    /// <summary>A user identity, linked in <see cref="AcsSystemId"/> to <see cref="LinkedAcsUserId"/>.</summary>
    public static readonly Guid UserIdentityId = Guid.Parse("c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f");
    public static readonly Guid LinkedAcsUserId = Guid.Parse("d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70");

    /// <summary>The demo's and the tests' smart locks (Seam devices with access codes).</summary>
    public static readonly Guid FrontDoorId = Guid.Parse("8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70");
    public static readonly Guid BackDoorId = Guid.Parse("9f2d1a3b-6c4e-4d8f-8b2a-3c4d5e6f7a81");

    /// <summary>A Seam space (a rental unit) for access grants.</summary>
    public static readonly Guid UnitSpaceId = Guid.Parse("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d");

    public const int MinCodeLength = 4;
    public const int MaxCodeLength = 8;
}
