using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SeamFunctions.FakeSeam;

namespace SeamFunctions.DevServer;

/// <summary>
/// <c>--demo</c>: a fake Seam Connect in the process (its two seeded locks), and the adapter's notifications sent to
/// the DevServer's own <c>/demo/notifications</c>, which prints one line for each (type, reference, check, reasons;
/// never a PIN), so a walk-through can take a lock offline and watch <c>credential.at_risk</c> arrive.
/// </summary>
internal static class DemoMode
{
    public const string ReceiverPath = "/demo/notifications";

    /// <summary>The settings that point the adapter at <paramref name="seam"/> and its notifications back at itself.</summary>
    public static void Configure(WebApplicationBuilder builder, FakeSeamServer seam)
    {
        var self = (builder.Configuration["urls"] ?? DevServerApp.DefaultUrl).Split(';')[0].TrimEnd('/');
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seam:BaseUrl"] = seam.BaseUrl.ToString(),
            ["Seam:ApiKey"] = FakeSeamSeed.ApiKey,
            ["KeyVault:Uri"] = "",
            ["Notify:Url"] = self + "/api" + ReceiverPath,
            ["Notify:Secret"] = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
    }

    /// <summary>The receiver: one printed line per notification, answered 200.</summary>
    public static void MapReceiver(WebApplication app) => app.MapPost("/api" + ReceiverPath, async (HttpContext context) =>
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        Console.WriteLine(Line(body));
        return Results.Ok();
    });

    /// <summary><c>notification credential.at_risk booking-1044 (check 1.00:00:00): lock_offline 8e1c…</c>; no PIN, ever.</summary>
    public static string Line(JsonObject? body)
    {
        var data = body?["data"];
        var reasons = data?["reasons"]?.AsArray().Select(r => $"{(string?)r?["code"]} {(string?)r?["device_id"]}".TrimEnd()) ?? [];
        var check = (string?)data?["check"] is { } at ? $" (check {at})" : "";
        var about = (string?)data?["event_type"] is { } seamEvent ? $" ({seamEvent})" : check;
        var tail = string.Join(", ", reasons);
        return string.Create(CultureInfo.InvariantCulture, $"notification {(string?)body?["type"]} {(string?)data?["reference"]}{about}{(tail.Length > 0 ? ": " + tail : "")}");
    }

    /// <summary>How to try Seam's Access Grants in the demo: a setting, then one grant on the seeded space with a phone key.</summary>
    private static string GrantsHint(string url) => $$"""

        Seam's Access Grants: start the demo with --Seam:AccessModel=grants, then one grant on the unit's space
        ({{FakeSeamSeed.UnitSpaceId}}) with a PIN Seam makes and a phone key (its instant_key_url is in the answer):

          curl -s -X PUT {{url}}/api/credentials/booking-1045 \
            -H 'Content-Type: application/json' \
            -d '{"space_ids":["{{FakeSeamSeed.UnitSpaceId}}"],"mobile_key":true,"starts_at":"2030-01-01T15:00:00Z","ends_at":"2030-01-03T11:00:00Z"}'

        """;

    public static string Banner(string url, FakeSeamServer seam)
    {
        var (front, back) = (FakeSeamSeed.FrontDoorId, FakeSeamSeed.BackDoorId);
        var starts = DateTimeOffset.UtcNow.AddDays(1).AddMinutes(2);
        string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $$"""

            Demo mode: a fake Seam Connect runs at {{seam.BaseUrl}} with a seeded ACS user and two smart locks
            ("Front door" {{front}}, "Back door" {{back}}); no Seam account needed.
            Notifications go to {{url}}/api{{ReceiverPath}}, which prints them here. Try a PIN in the access system:

              curl -s -X POST {{url}}/api/credentials \
                -H 'Content-Type: application/json' \
                -d '{"acs_user_id":"{{FakeSeamSeed.AcsUserId}}","code":"4821","reference":"booking-1042"}'

            and one PIN on both locks:

              curl -s -X POST {{url}}/api/credentials \
                -H 'Content-Type: application/json' \
                -d '{"device_ids":["{{front}}","{{back}}"],"code":"7391","reference":"booking-1043"}'

            Will the guest get in? A stay that starts in a day and two minutes (its day-before readiness check is due in
            two minutes), then the front door taken offline with Seam's sandbox route:

              curl -s -X PUT {{url}}/api/credentials/booking-1044 \
                -H 'Content-Type: application/json' \
                -d '{"device_ids":["{{front}}","{{back}}"],"code":"5813","starts_at":"{{Iso(starts)}}","ends_at":"{{Iso(starts.AddDays(3))}}"}'
              curl -s -X POST {{seam.BaseUrl}}devices/simulate/disconnect \
                -H 'Authorization: Bearer {{FakeSeamSeed.ApiKey}}' -H 'Content-Type: application/json' \
                -d '{"device_id":"{{front}}"}'

            Within three minutes this prints "notification credential.at_risk booking-1044 (check 1.00:00:00): lock_offline
            {{front}}, code_not_set …", and GET {{url}}/api/credentials/booking-1044 shows "readiness".

            The arrivals board: {{url}}/api/board (every stay's doors and readiness; GET {{url}}/api/stays for the list).
            {{GrantsHint(url)}}
            Codes must be {{FakeSeamSeed.MinCodeLength}}-{{FakeSeamSeed.MaxCodeLength}} digits in the demo. Ctrl+C stops.
            """;
    }
}
