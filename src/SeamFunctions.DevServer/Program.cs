using SeamFunctions.DevServer;
using SeamFunctions.FakeSeam;

// dotnet run --project src/SeamFunctions.DevServer [-- --demo] [--urls http://127.0.0.1:7071]
var demo = args.Contains("--demo");
await using var fakeSeam = demo ? await FakeSeamServer.StartAsync() : null;

var app = DevServerApp.Build([.. args.Where(a => a != "--demo")], builder =>
{
    if (fakeSeam is null)
        return;
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Seam:BaseUrl"] = fakeSeam.BaseUrl.ToString(),
        ["Seam:ApiKey"] = FakeSeamSeed.ApiKey,
        ["KeyVault:Uri"] = "",
    });
});

await app.StartAsync();
var url = app.Urls.First();
Console.WriteLine($"SeamFunctions DevServer listening on {url} (POST {url}/api/credentials, GET {url}/api/health)");
if (fakeSeam is not null)
{
    Console.WriteLine($$"""

        Demo mode: a fake Seam Connect runs at {{fakeSeam.BaseUrl}} with a seeded ACS user and two smart locks
        ("Front door" {{FakeSeamSeed.FrontDoorId}}, "Back door" {{FakeSeamSeed.BackDoorId}}); no Seam account needed.
        Try a PIN in the access system:

          curl -s -X POST {{url}}/api/credentials \
            -H 'Content-Type: application/json' \
            -d '{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","code":"4821","reference":"booking-1042"}'

        and one PIN on both locks:

          curl -s -X POST {{url}}/api/credentials \
            -H 'Content-Type: application/json' \
            -d '{"device_ids":["{{FakeSeamSeed.FrontDoorId}}","{{FakeSeamSeed.BackDoorId}}"],"code":"7391","reference":"booking-1043"}'

        Codes must be {{FakeSeamSeed.MinCodeLength}}-{{FakeSeamSeed.MaxCodeLength}} digits in the demo. Ctrl+C stops.
        """);
}

await app.WaitForShutdownAsync();
