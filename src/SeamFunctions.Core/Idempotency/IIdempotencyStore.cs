using SeamFunctions.Storage;

namespace SeamFunctions.Idempotency;

/// <summary>Where idempotency records live: Azure Table Storage, or memory (see <see cref="IdempotencyRegistration"/>).</summary>
internal interface IIdempotencyStore : IRecordStore<IdempotencyRecord>;
