namespace SeamFunctions.Benchmarks;

/// <summary>What the zero-work upstream answers: a fixed, realistic Seam answer to a create.</summary>
internal static class Upstream
{
    public const string AcsUserId = "3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63";
    // No reference and no Idempotency-Key: every request goes through to the upstream (a reference would replay).
    public const string AdapterBody = """{"acs_user_id":"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63","code":"4821"}""";
    public const string SeamBody = """{"access_method":"code","acs_user_id":"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63","code":"4821"}""";

    public const string CreatedCredential =
        """{"acs_credential":{"acs_credential_id":"f0d435ca-e708-40d9-836f-418140517ce2","acs_user_id":"3f6c2a9e-8b1d-4e7f-a2c5-9d0b1e4f7a63","acs_system_id":"a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d","connected_account_id":"0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0","workspace_id":"6b2e3ac1-7a1f-4d0e-9f3a-1c5d8e9b2a40","display_name":"PIN code","access_method":"code","code":"4821","card_number":null,"created_at":"2026-11-27T04:07:58.509Z","is_managed":true,"is_multi_phone_sync_credential":false,"is_issued":true,"issued_at":"2026-11-27T04:07:58.509Z","external_type":"salto_ks_credential","external_type_display_name":"Salto KS Credential","errors":[],"warnings":[]},"ok":true}""";

    // One smart lock, no reference: every request creates one access code at the upstream.
    public const string LockBody = """{"device_id":"8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70","code":"4821"}""";

    public const string CreatedAccessCode =
        """{"access_code":{"access_code_id":"5d2b7c1e-9a4f-4e3b-8c6d-1f2a3b4c5d6e","device_id":"8e1c0f2a-5b3d-4c7e-9a1f-2b3c4d5e6f70","workspace_id":"6b2e3ac1-7a1f-4d0e-9f3a-1c5d8e9b2a40","name":"Code 4 digits","code":"4821","common_code_key":null,"type":"ongoing","status":"setting","created_at":"2026-11-27T04:07:58.509Z","errors":[],"warnings":[],"is_managed":true,"is_backup_access_code_available":false,"is_external_modification_allowed":false,"is_one_time_use":false,"is_offline_access_code":false,"pending_mutations":[]},"action_attempt":{"action_attempt_id":"c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f","action_type":"CREATE_ACCESS_CODE","status":"pending","result":null,"error":null},"ok":true}""";
}
