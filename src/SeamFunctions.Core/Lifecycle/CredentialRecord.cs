using SeamFunctions.Answers;
using SeamFunctions.Commands;
using SeamFunctions.Storage;
using SeamFunctions.Validation;

namespace SeamFunctions.Lifecycle;

internal enum CredentialState
{
    /// <summary>Seam holds <see cref="CredentialRecord.AcsCredentialId"/>, made from <see cref="CredentialRecord.Access"/>.</summary>
    Active,

    /// <summary>Revoked by the caller: Seam holds nothing for this reference.</summary>
    Revoked,

    /// <summary>
    /// A create for <see cref="CredentialRecord.Access"/> has begun (generation <see cref="CredentialRecord.Generation"/>)
    /// and not ended for certain: Seam may hold its credential. A retry finishes it before anything else.
    /// </summary>
    Creating,

    /// <summary>The last create was refused by Seam: nothing is held, and nothing was ever revoked.</summary>
    Empty,
}

/// <summary>
/// Which credential belongs to one reference of one caller, what Seam may hold for it, and the exactly-once state
/// of its create: the record owns its create generation and reconciles itself. Typed throughout; the storage
/// edge alone serializes it. Changed only conditionally (<see cref="ETag"/>); a write holds <see cref="LeaseUntil"/>
/// while it talks to Seam and renews it before each call.
/// </summary>
internal sealed class CredentialRecord : IStoredRecord<CredentialRecord>
{
    /// <summary>A lease that is not held (Table storage keeps dates from 1601 on).</summary>
    public static readonly DateTimeOffset Released = DateTimeOffset.UnixEpoch;

    /// <summary>"Never purged": the record of a credential that may be live.</summary>
    public static readonly DateTimeOffset Never = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="at"/> plus <paramref name="wait"/>, or <see cref="Never"/> when that is later (a stay ending near year 9999 never overflows).</summary>
    public static DateTimeOffset Saturated(DateTimeOffset at, TimeSpan wait) => at >= Never - wait ? Never : at + wait;

    public required string Scope { get; init; }

    /// <summary>SHA-256 of the reference (the reference itself is never stored).</summary>
    public required string Key { get; init; }

    public required CredentialState State { get; set; }

    /// <summary>Creates begun for this reference, less one.</summary>
    public int Generation { get; set; }

    /// <summary>The access in force (Active) or being created (Creating), without the reference. Holds the PIN.</summary>
    public required AccessRequest Access { get; set; }

    /// <summary>Fingerprint of <see cref="Access"/> with the reference.</summary>
    public required string Fingerprint { get; set; }

    /// <summary>The ACS credential Seam holds (Active), or held last; null for access codes (their ids are in <see cref="Answer"/>).</summary>
    public string? AcsCredentialId { get; set; }

    /// <summary>A credential this record's last replace deleted, for the answer of a replace finished by a retry.</summary>
    public string? ReplacedAcsCredentialId { get; set; }

    /// <summary>The current create replaces what the reference held (a PUT's 200), rather than creating it (201).</summary>
    public bool Replacing { get; set; }

    /// <summary>The last credential answer, for answers that need no Seam call (replays, stale, revoked). Holds the PIN.</summary>
    public CredentialEnvelope? Answer { get; set; }

    /// <summary>
    /// An in-place change towards this access began (noted before it reached Seam) and has not ended for certain:
    /// it may have made codes the record does not know yet. The next write finds them first. Holds the PIN.
    /// </summary>
    public AccessRequest? ChangingTo { get; set; }

    /// <summary>What Seam last said of each lock (its device events), for the locks it said something of.</summary>
    public IReadOnlyList<DoorHealth> Doors { get; set; } = [];

    /// <summary>Whether the guest will get in, as last decided (null: never decided yet).</summary>
    public ReadinessAnswer? Readiness { get; set; }

    /// <summary>The <see cref="StartsAt"/> the readiness checks are planned for (null: never planned; another: the stay moved since).</summary>
    public DateTimeOffset? ChecksFor { get; set; }

    /// <summary>The next readiness check, as a time before <see cref="ChecksFor"/>; null when none is left.</summary>
    public TimeSpan? NextCheck { get; set; }

    /// <summary>When the next readiness check is due: only while Seam holds the access.</summary>
    public DateTimeOffset? NextCheckAt => State == CredentialState.Active && NextCheck is { } before && ChecksFor is { } startsAt ? startsAt - before : null;

    /// <summary>
    /// Plans the readiness checks once the stay's start is set or moved: the next is the first of
    /// <paramref name="checks"/> (earliest first) still ahead at <paramref name="now"/>. A check whose time had passed
    /// when the stay was booked is not owed (a stay booked an hour before arrival has no check two hours before).
    /// </summary>
    public void PlanChecks(IReadOnlyList<TimeSpan> checks, DateTimeOffset now)
    {
        if (State != CredentialState.Active || ChecksFor == StartsAt)
            return;
        ChecksFor = StartsAt;
        NextCheck = checks.Where(before => StartsAt - before > now).Cast<TimeSpan?>().FirstOrDefault();
    }

    /// <summary>When the guest first opened a door with this reference's access (Seam's <c>lock.unlocked</c>).</summary>
    public DateTimeOffset? FirstUsedAt { get; set; }

    /// <summary>When a door was last opened with it.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The last applied event version.</summary>
    public EventVersion? Version { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the first create of this generation that may have reached Seam began; null: none did.</summary>
    public DateTimeOffset? FirstAttemptAt { get; set; }

    /// <summary>When the latest create of this generation began: an ambiguous one is left alone a while before reconciling.</summary>
    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset LeaseUntil { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? ETag { get; set; }

    /// <summary>A new reference whose first create starts now.</summary>
    public static CredentialRecord Creating(string scope, string key, AccessRequest access, string fingerprint, DateTimeOffset now, TimeSpan lease) => new()
    {
        Scope = scope, Key = key, State = CredentialState.Creating, Access = access, Fingerprint = fingerprint,
        FirstAttemptAt = now, LastAttemptAt = now, LeaseUntil = now + lease, ExpiresAt = Never,
    };

    /// <summary>
    /// The next generation: a create for <paramref name="access"/> starts now, after a revoke or a refusal, or
    /// (<paramref name="replacing"/>) after what the reference held was deleted (an ACS credential: <paramref name="replaced"/>).
    /// </summary>
    public void Retarget(AccessRequest access, string fingerprint, bool replacing, string? replaced, DateTimeOffset now, TimeSpan lease)
    {
        (State, Generation, Access, Fingerprint, Replacing, ReplacedAcsCredentialId, ChangingTo) = (CredentialState.Creating, Generation + 1, access, fingerprint, replacing, replaced, null);
        (FirstAttemptAt, LastAttemptAt, LeaseUntil, ExpiresAt) = (now, now, now + lease, Never);
    }

    /// <summary>This write holds the record until <paramref name="now"/> plus <paramref name="lease"/>.</summary>
    public void Claim(DateTimeOffset now, TimeSpan lease) => LeaseUntil = now + lease;

    /// <summary>A create of the current generation starts now.</summary>
    public void AttemptStarts(DateTimeOffset now, TimeSpan lease) => (FirstAttemptAt, LastAttemptAt, LeaseUntil) = (FirstAttemptAt ?? now, now, now + lease);

    /// <summary>Seam surely did nothing with the attempt begun at <paramref name="startedAt"/>: if it was the first, none has reached Seam.</summary>
    public void AttemptNotActed(DateTimeOffset startedAt)
    {
        if (FirstAttemptAt == startedAt)
            FirstAttemptAt = null;
        LeaseUntil = Released;
    }

    /// <summary>Seam holds the credential of <paramref name="answer"/> (created, adopted or changed) for <see cref="Access"/>.</summary>
    public void Holds(CredentialEnvelope answer, EventVersion? version, DateTimeOffset expiresAt)
    {
        (State, AcsCredentialId, ReplacedAcsCredentialId, Replacing, Answer, ChangingTo) = (CredentialState.Active, (answer.Credential as CredentialAnswer)?.AcsCredentialId, null, false, answer, null);
        (FirstAttemptAt, LastAttemptAt, LeaseUntil, ExpiresAt) = (null, null, Released, expiresAt);
        Applied(version);
    }

    /// <summary>Seam refused this generation's create for certain: nothing is held; the next create is a new generation.</summary>
    public void Refused(DateTimeOffset expiresAt) =>
        (State, ReplacedAcsCredentialId, Replacing, FirstAttemptAt, LastAttemptAt, LeaseUntil, ExpiresAt) = (CredentialState.Empty, null, false, null, null, Released, expiresAt);

    public void Revoked(DateTimeOffset now, EventVersion? version, DateTimeOffset expiresAt)
    {
        (State, RevokedAt, LeaseUntil, ExpiresAt, ChangingTo) = (CredentialState.Revoked, now, Released, expiresAt, null);
        Applied(version);
    }

    /// <summary>Part of a change or removal reached Seam before it failed: the record holds what Seam holds now; the next write finishes it.</summary>
    public void HoldsNow(AccessAnswer partial) => Answer = new CredentialEnvelope
    {
        Credential = partial, Reference = Answer?.Reference, RequestId = Answer?.RequestId ?? "", SeamRequestId = Answer?.SeamRequestId,
    };

    /// <summary>
    /// A door opened with this access at <paramref name="at"/>: the first use is the earliest (unlocks arrive in any
    /// order), the last the latest. False when it changes neither.
    /// </summary>
    public bool Used(DateTimeOffset at)
    {
        var (first, last) = (FirstUsedAt is { } f && f <= at ? f : at, LastUsedAt is { } l && l >= at ? l : at);
        if (first == FirstUsedAt && last == LastUsedAt)
            return false;
        (FirstUsedAt, LastUsedAt) = (first, last);
        return true;
    }

    /// <summary>The write is over; the record says what Seam may hold.</summary>
    public void Release() => LeaseUntil = Released;

    /// <summary>Records a newer event version (an older one never arrives here: it is answered stale first).</summary>
    public void Applied(EventVersion? version) => Version = version ?? Version;

    /// <summary>
    /// Nothing an earlier write began is left to finish: no change under way and, for access codes, exactly one code
    /// on each door asked and none elsewhere. Only then does a request identical to the record change nothing.
    /// </summary>
    public bool IsSettled => ChangingTo is null
        && (Answer?.Credential is not AccessCodesAnswer { AccessCodes: var codes }
            || (codes.Count == Access.DeviceIds?.Count && codes.All(c => Access.DeviceIds.Contains(c.DeviceId, StringComparer.OrdinalIgnoreCase))));

    /// <summary>Seam holds the access and has not yet set every code or issued the credential (the poll reads it again).</summary>
    public bool IsPending => State == CredentialState.Active && Answer?.Credential.Status == CredentialStatus.Pending;

    /// <summary>When the stay starts (<see cref="Released"/> when it starts at once): the poll reads pending access from 24 h before.</summary>
    public DateTimeOffset StartsAt => Access.StartsAt is { } at && at > Released ? at : Released;

    public CredentialRecord Copy() => (CredentialRecord)MemberwiseClone();

    public override string ToString() => $"CredentialRecord({State}, {AcsCredentialId})";
}
