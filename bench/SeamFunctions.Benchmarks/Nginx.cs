using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SeamFunctions.Benchmarks;

/// <summary>
/// nginx (Debian's nginx-light) as the zero-work upstream stub and as the bare pass-through hop in front of it
/// (proxy_pass with upstream keepalive): the floor cost of adding any hop. Bound to 127.0.0.1 only.
/// </summary>
internal sealed class Nginx : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private Nginx(Process process, string folder, int stubPort, int hopPort, int statusPort)
    {
        _process = process;
        _folder = folder;
        StubPort = stubPort;
        HopPort = hopPort;
        StatusPort = statusPort;
    }

    public int StubPort { get; }
    public int HopPort { get; }
    public int StatusPort { get; }

    public static async Task<Nginx> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("seam-bench-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "logs"));
        int stub = FreePort(), hop = FreePort(), status = FreePort();
        var body = Upstream.CreatedCredential.Replace("'", "\\'", StringComparison.Ordinal);
        var code = Upstream.CreatedAccessCode.Replace("'", "\\'", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/logs/error.log warn;
            events { worker_connections 4096; }
            http {
              access_log off;
              keepalive_requests 1000000;
              client_body_temp_path {{folder}}/body;
              proxy_temp_path {{folder}}/proxy;
              upstream stub { server 127.0.0.1:{{stub}}; keepalive 128; }
              server {
                listen 127.0.0.1:{{stub}};
                location = /acs/credentials/create {
                  default_type application/json;
                  add_header seam-request-id bench-request;
                  return 200 '{{body}}';
                }
                location = /access_codes/create {
                  default_type application/json;
                  add_header seam-request-id bench-request;
                  return 200 '{{code}}';
                }
              }
              server {
                listen 127.0.0.1:{{hop}};
                location / {
                  proxy_pass http://stub;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                }
              }
              server {
                listen 127.0.0.1:{{status}};
                location = /status { stub_status; }
              }
            }
            """);
        var process = Process.Start(new ProcessStartInfo("nginx", ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("nginx did not start");
        var nginx = new Nginx(process, folder, stub, hop, status);
        for (var i = 0; i < 100 && await nginx.TryRequestsAsync() is null; i++)
            await Task.Delay(50);
        return await nginx.TryRequestsAsync() is null
            ? throw new InvalidOperationException("nginx did not answer: " + await process.StandardError.ReadToEndAsync())
            : nginx;
    }

    /// <summary>Requests nginx has handled (stub_status), including the status request itself.</summary>
    public async Task<long?> TryRequestsAsync()
    {
        try
        {
            using var http = new HttpClient();
            var text = await http.GetStringAsync($"http://127.0.0.1:{StatusPort}/status");
            // "Active connections: 1 \nserver accepts handled requests\n 5 5 9 \n..."
            var numbers = text.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(numbers[2], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
