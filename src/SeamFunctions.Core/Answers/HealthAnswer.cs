namespace SeamFunctions.Answers;

/// <summary><c>{"status":"ok"}</c> or <c>{"status":"unavailable"}</c>: nothing about settings or secrets.</summary>
internal sealed record HealthAnswer(string Status);
