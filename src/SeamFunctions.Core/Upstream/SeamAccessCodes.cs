namespace SeamFunctions.Upstream;

/// <summary>
/// Seam's <c>access_code</c> on a smart lock, read leniently (every field may be missing; times stay strings).
/// <c>status</c>: <c>setting</c>, <c>set</c>, <c>unset</c>, <c>removing</c>, <c>unknown</c>.
/// </summary>
internal sealed class SeamAccessCode
{
    public string? AccessCodeId { get; set; }
    public string? DeviceId { get; set; }

    /// <summary>The PIN. Secret.</summary>
    public string? Code { get; set; }

    public string? Name { get; set; }
    public string? StartsAt { get; set; }
    public string? EndsAt { get; set; }
    public string? Status { get; set; }
    public string? CreatedAt { get; set; }

    /// <summary>Seam holds a backup code for this one (it was made with the pool, and the device's pool has one).</summary>
    public bool? IsBackupAccessCodeAvailable { get; set; }

    public IReadOnlyList<SeamWarning?>? Warnings { get; set; }
    public IReadOnlyList<SeamError?>? Errors { get; set; }

    public override string ToString() => $"SeamAccessCode({AccessCodeId})";
}

/// <summary>The body of <c>/access_codes/create</c>: one device, the PIN, the name, the times.</summary>
internal sealed class SeamCreateAccessCodeBody
{
    public required string DeviceId { get; init; }

    /// <summary>The PIN. Secret.</summary>
    public string? Code { get; init; }

    public string? Name { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }

    /// <summary>Seam keeps backup codes on the lock for this one (<c>Locks__BackupCodes</c>); only with both times.</summary>
    public bool? UseBackupAccessCodePool { get; init; }

    public override string ToString() => $"SeamCreateAccessCodeBody({DeviceId})";
}

/// <summary>
/// The body of <c>/access_codes/update</c>. Both times are always sent: an update without both makes the code
/// ongoing (so Seam's own fake does).
/// </summary>
internal sealed class SeamUpdateAccessCodeBody
{
    public required string AccessCodeId { get; init; }

    /// <summary>The new PIN, when it changes. Secret.</summary>
    public string? Code { get; init; }

    public string? Name { get; init; }
    public DateTimeOffset? StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }

    public override string ToString() => $"SeamUpdateAccessCodeBody({AccessCodeId})";
}

/// <summary>The body of <c>/access_codes/get</c> and <c>/access_codes/delete</c>.</summary>
internal sealed class SeamAccessCodeIdBody
{
    public required string AccessCodeId { get; init; }
}

/// <summary>The body of <c>/access_codes/list</c>: one device's codes, a page at a time.</summary>
internal sealed class SeamListAccessCodesBody
{
    public required string DeviceId { get; init; }
    public int? Limit { get; init; }
    public string? PageCursor { get; init; }
}

/// <summary>Seam's answer with one access code (create, get).</summary>
internal sealed class SeamAccessCodeResponse
{
    public SeamAccessCode? AccessCode { get; set; }
}

/// <summary>Seam's answer to <c>/access_codes/pull_backup_access_code</c>: the backup, under both keys (<c>access_code</c> is the newer).</summary>
internal sealed class SeamBackupAccessCodeResponse
{
    public SeamAccessCode? AccessCode { get; set; }
    public SeamAccessCode? BackupAccessCode { get; set; }
}

/// <summary>Seam's answer to <c>/access_codes/list</c>.</summary>
internal sealed class SeamListAccessCodesResponse
{
    public IReadOnlyList<SeamAccessCode?>? AccessCodes { get; set; }
    public SeamPagination? Pagination { get; set; }
}
