using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using SeamFunctions.Events;
using SeamFunctions.FakeSeam;
using SeamFunctions.Tests.Support;
using static SeamFunctions.Tests.Support.ByReference;
using static SeamFunctions.Tests.Support.LockStays;

namespace SeamFunctions.Tests.Stays;

/// <summary>
/// The arrivals board in a real browser (Debian's chromium, driven through chromium-driver; tests/run.sh installs
/// both): stays seeded in every state through the adapter's routes, then the page's rows, door chips, counts, the
/// "needs attention" filter by keyboard, a wrong key's message, a phone's width, and the screenshot docs/board.md shows.
/// The function key is checked as the Functions host does (a 401 for a wrong one), here by a filter in front of the routes.
/// </summary>
public sealed class BoardBrowserTests
{
    private const string Key = "board-test-key";

    [Fact]
    public async Task TheBoardShowsEveryStateInWordsCountsThemFiltersByKeyboardAndFitsAPhone()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var adapter = await Adapter.StartAsync(
            new Dictionary<string, string?> { ["Seam:WebhookSecret"] = SeamEventAdapter.Secret, ["Readiness:Checks"] = "1.05:00:00" },
            services: s => s.AddSingleton<IStartupFilter>(new FunctionKeyCheck(Key)).AddSingleton<TimeProvider>(clock));
        var (front, back, garage) = (NewLock(adapter, "Front door"), NewLock(adapter, "Back door"), NewLock(adapter, "Garage"));
        adapter.Http.DefaultRequestHeaders.Add("x-functions-key", Key); // the stays are this key's, as the board's
        await SeedAsync(adapter, clock, front, back, garage);
        using var browser = Browser();

        browser.Navigate().GoToUrl(new Uri(adapter.Http.BaseAddress!, $"api/board?code={Key}"));
        Loaded(browser);
        var rows = browser.FindElements(By.CssSelector("tr.stay"));
        var states = rows.Select(r => r.GetAttribute("data-state")).Order(StringComparer.Ordinal).ToList();
        var counts = browser.FindElements(By.CssSelector("li.count")).Select(c => c.Text).ToList();
        var atRiskRow = rows.Single(r => r.GetAttribute("data-state") == "at_risk");
        var failedChips = rows.Single(r => r.GetAttribute("data-state") == "failed").FindElement(By.CssSelector(".chips")).Text;
        var atRisk = (Row: atRiskRow.Text, Chips: atRiskRow.FindElement(By.CssSelector(".chips")).Text,
            Reasons: atRiskRow.FindElement(By.CssSelector(".reasons")).Text, Status: atRiskRow.FindElement(By.CssSelector(".status")).Text);
        SaveScreenshot(browser);
        ToggleFilterByKeyboard(browser);
        var attention = browser.FindElements(By.CssSelector("tr.stay")).Select(r => r.GetAttribute("data-state")).Order(StringComparer.Ordinal).ToList();
        browser.Manage().Window.Size = new System.Drawing.Size(375, 812);
        var (scrollWidth, innerWidth) = (Number(browser, "return document.documentElement.scrollWidth"), Number(browser, "return window.innerWidth"));

        Assert.Equal(["at_risk", "failed", "issued", "pending", "queued", "revoked"], states);
        Assert.Contains("Ready to use: 1", counts);
        Assert.Contains("At risk: 1", counts);
        Assert.Contains("Failed: 1", counts);
        Assert.Contains("offline", atRisk.Chips, StringComparison.Ordinal);
        Assert.Contains("Garage", atRisk.Chips, StringComparison.Ordinal); // the lock's name, once a check read it
        Assert.Contains("lock offline (Garage)", atRisk.Reasons, StringComparison.Ordinal);
        Assert.Equal("At risk", atRisk.Status); // in words, not colour alone
        Assert.Contains("failed", failedChips, StringComparison.Ordinal);
        Assert.Equal(["at_risk", "failed", "queued"], attention);
        Assert.True(scrollWidth <= innerWidth, $"{scrollWidth} px wide in a {innerWidth} px window");
        Assert.DoesNotContain(PinOf("issued"), browser.PageSource, StringComparison.Ordinal);
        adapter.Seam.State.Outage = null;
    }

    [Fact]
    public async Task AWrongKeySaysSoInsteadOfAnEmptyBoard()
    {
        await using var adapter = await Adapter.StartAsync(services: s => s.AddSingleton<IStartupFilter>(new FunctionKeyCheck(Key, pageKeyOnly: true)));
        using var browser = Browser();

        browser.Navigate().GoToUrl(new Uri(adapter.Http.BaseAddress!, "api/board?code=not-the-key"));
        var problem = new WebDriverWait(browser, TimeSpan.FromSeconds(10)).Until(b => b.FindElement(By.Id("problem")) is { Displayed: true } shown ? shown : null);

        Assert.Contains("function key was refused", problem.Text, StringComparison.Ordinal);
        Assert.Empty(browser.FindElements(By.CssSelector("tr.stay")));
    }

    /// <summary>
    /// One stay in each state: issued, pending (not soon: it needs attention only within two hours of arrival), failed,
    /// at risk (its lock offline, found by its readiness check an hour on, which also learns the lock's name), revoked,
    /// and a move queued while Seam is down.
    /// </summary>
    private static async Task SeedAsync(Adapter adapter, FakeTimeProvider clock, string front, string back, string garage)
    {
        var now = clock.GetUtcNow();
        var issued = CodeIds(await MakeAsync(adapter, "issued", now.AddHours(3), front))[0];
        await adapter.SeamEventAsync("access_code.set_on_device", front, issued, now);
        await MakeAsync(adapter, "pending", now.AddHours(26), back);
        var failed = CodeIds(await MakeAsync(adapter, "failed", now.AddHours(5), back))[0];
        await adapter.SeamEventAsync("access_code.failed_to_set_on_device", back, failed, now);
        await MakeAsync(adapter, "at-risk", now.AddHours(30), garage); // its check (29 h before) is due in an hour
        adapter.Seam.State.LockHealth[garage] = new FakeLockHealth(Online: false, BatteryLevel: 0.9);
        clock.Advance(TimeSpan.FromHours(1));
        await adapter.Services.GetRequiredService<MinuteTick>().RunAsync(CancellationToken.None);
        await MakeAsync(adapter, "revoked", now.AddHours(50), front);
        await ReadAsync(await adapter.DeleteAsync("revoked"), HttpStatusCode.OK);
        await MakeAsync(adapter, "queued", now.AddHours(80), front);
        adapter.Seam.State.Outage = new FakeSeamFault.Status(503, "service_unavailable", "Down for maintenance");
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/credentials/queued") { Content = Json(Body("queued", now.AddHours(81), front)) };
        request.Headers.Add("Prefer", "respond-async");
        using var queued = await adapter.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
    }

    /// <summary>To <c>artifacts/board/board.png</c>; with <c>SEAMFUNCTIONS_UPDATE_DOCS=1</c> also over the one docs/board.md shows.</summary>
    private static void SaveScreenshot(ChromeDriver browser)
    {
        var shot = browser.GetScreenshot();
        var folder = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "artifacts", "board"));
        shot.SaveAsFile(Path.Combine(folder.FullName, "board.png"));
        if (Environment.GetEnvironmentVariable("SEAMFUNCTIONS_UPDATE_DOCS") == "1")
            shot.SaveAsFile(Path.Combine(RepositoryRoot.Path, "docs", "board.png"));
    }

    private static ChromeDriver Browser()
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,900", "--lang=en-US");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    private static void Loaded(ChromeDriver browser) =>
        new WebDriverWait(browser, TimeSpan.FromSeconds(15)).Until(b => b.FindElement(By.Id("refreshed")).Text.StartsWith("Updated", StringComparison.Ordinal));

    /// <summary>Tab to the filter and press space, as a keyboard user would.</summary>
    private static void ToggleFilterByKeyboard(ChromeDriver browser)
    {
        for (var i = 0; i < 10 && browser.SwitchTo().ActiveElement().GetAttribute("id") != "attention"; i++)
            new OpenQA.Selenium.Interactions.Actions(browser).SendKeys(Keys.Tab).Perform();
        Assert.Equal("attention", browser.SwitchTo().ActiveElement().GetAttribute("id"));
        new OpenQA.Selenium.Interactions.Actions(browser).SendKeys(Keys.Space).Perform();
    }

    private static long Number(ChromeDriver browser, string script) => (long)browser.ExecuteScript(script)!;

    private static async Task<JsonObject> MakeAsync(Adapter adapter, string reference, DateTimeOffset starts, string door) =>
        await ReadAsync(await adapter.PutAsync(reference, Body(reference, starts, door)), HttpStatusCode.Created);

    private static JsonObject Body(string reference, DateTimeOffset starts, string door) => LockStays.Stay(PinOf(reference), [door], Iso(starts), Iso(starts.AddDays(2)));

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>The Functions host's key check, for the board's routes: a wrong or missing <c>code</c> is 401.</summary>
    private sealed class FunctionKeyCheck(string key, bool pageKeyOnly = false) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, further) =>
            {
                var guarded = context.Request.Path.StartsWithSegments("/api/stays") || (!pageKeyOnly && context.Request.Path.StartsWithSegments("/api/board"));
                if (guarded && context.Request.Query["code"] != key)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                await further(context);
            });
            next(app);
        };
    }
}
