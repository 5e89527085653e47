using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SeamFunctions.Access;
using SeamFunctions.Answers;
using SeamFunctions.Upstream;
using SeamFunctions.Validation;
using SeamFunctions.Commands;

namespace SeamFunctions.Benchmarks;

/// <summary>The adapter's in-process work per request, without any I/O: time and bytes allocated.</summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private readonly AccessRequestParser _parser = new(TimeProvider.System);
    private readonly byte[] _body = Encoding.UTF8.GetBytes(Upstream.AdapterBody);
    private readonly byte[] _seamAnswer = Encoding.UTF8.GetBytes(Upstream.CreatedCredential);
    private AccessRequest _request = null!;

    [GlobalSetup]
    public void Setup() => _request = _parser.Parse(_body).Request!;

    [Benchmark(Description = "parse + validate")]
    public object ParseAndValidate() => _parser.Parse(_body).Request!;

    [Benchmark(Description = "map + serialize Seam body")]
    public int MapToSeam() =>
        JsonSerializer.SerializeToUtf8Bytes(AcsCredentials.ToSeamBody(_request), SeamJsonContext.Default.SeamCreateCredentialBody).Length;

    [Benchmark(Description = "read Seam answer + write 201")]
    public int Answer() => Created(_request).Body.Length;

    [Benchmark(Description = "whole in-process path")]
    public int Whole()
    {
        var request = _parser.Parse(_body).Request!;
        var seamBody = JsonSerializer.SerializeToUtf8Bytes(AcsCredentials.ToSeamBody(request), SeamJsonContext.Default.SeamCreateCredentialBody);
        return seamBody.Length + Created(request).Body.Length;
    }

    [Benchmark(Description = "whole endpoint, Seam answering in memory")]
    public Task Endpoint() => _endpoint.RunOnceAsync();

    private readonly EndpointHarness _endpoint = new();

    private ApiResponse Created(AccessRequest request)
    {
        var answer = JsonSerializer.Deserialize(_seamAnswer, SeamJsonContext.Default.SeamCreateCredentialResponse)!;
        return ApiResponse.Credential(new CredentialEnvelope
        {
            Credential = CredentialMapper.ToAnswer(answer.AcsCredential!),
            Reference = request.Reference,
            RequestId = "01a21b30469471fb8c848de348bb2597",
            SeamRequestId = "bench-request",
        });
    }
}
