using System.Text.Json.Nodes;
using SeamFunctions.DevServer;

namespace SeamFunctions.Tests.Hosting;

/// <summary>The demo prints each notification it sends itself as one line: what happened and why, never a PIN.</summary>
public sealed class DemoModeTests
{
    [Fact]
    public void AReadinessCheckIsPrintedWithItsCheckAndReasons()
    {
        var body = JsonNode.Parse("""
            {"type":"credential.at_risk","data":{"reference":"booking-1044","check":"1.00:00:00",
             "reasons":[{"code":"lock_offline","device_id":"front"},{"code":"code_not_set","device_id":"back"}]}}
            """)!.AsObject();

        Assert.Equal("notification credential.at_risk booking-1044 (check 1.00:00:00): lock_offline front, code_not_set back", DemoMode.Line(body));
    }

    [Fact]
    public void TheOneNotificationWithAPinIsPrintedWithoutIt()
    {
        var body = JsonNode.Parse("""
            {"type":"credential.code_changed","data":{"reference":"booking-1043","code":"730184","device_id":"front","event_type":"access_code.failed_to_set_on_device"}}
            """)!.AsObject();

        var line = DemoMode.Line(body);

        Assert.Equal("notification credential.code_changed booking-1043 (access_code.failed_to_set_on_device)", line);
        Assert.DoesNotContain("730184", line);
    }
}
