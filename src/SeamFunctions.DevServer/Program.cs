using SeamFunctions.DevServer;
using SeamFunctions.FakeSeam;

// dotnet run --project src/SeamFunctions.DevServer [-- --demo] [--urls http://127.0.0.1:7071]
var demo = args.Contains("--demo");
await using var fakeSeam = demo ? await FakeSeamServer.StartAsync() : null;

var app = DevServerApp.Build([.. args.Where(a => a != "--demo")], builder =>
{
    if (fakeSeam is not null)
        DemoMode.Configure(builder, fakeSeam);
});
if (fakeSeam is not null)
    DemoMode.MapReceiver(app);

await app.StartAsync();
var url = app.Urls.First();
Console.WriteLine($"SeamFunctions DevServer listening on {url} (POST {url}/api/credentials, GET {url}/api/health)");
if (fakeSeam is not null)
    Console.WriteLine(DemoMode.Banner(url, fakeSeam));

await app.WaitForShutdownAsync();
