using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;
using SeamFunctions.FunctionApp;

namespace SeamFunctions.Tests.Support;

/// <summary>One row as Application Insights stores it: its table, its name (a span's), and its customDimensions.</summary>
internal sealed record AppInsightsRow(string Table, string? Name, IReadOnlyDictionary<string, string> Dimensions)
{
    public string? EventName => Dimensions.GetValueOrDefault("EventName");
}

/// <summary>
/// An in-memory exporter in place of Azure Monitor's: the app's logs and spans through the same OpenTelemetry
/// configuration as the function app (<see cref="TelemetryRegistration.AddSeamFunctionsSources"/>), each stored as
/// the row the Azure Monitor exporter would write — a log's named values, <c>EventId</c> and <c>EventName</c> as
/// <c>traces.customDimensions</c> (as its LogsHelper maps them), a span's name and tags as <c>dependencies</c>.
/// </summary>
internal sealed class AppInsightsCapture
{
    public ConcurrentQueue<AppInsightsRow> Rows { get; } = new();

    /// <summary>The OpenTelemetry registration for an adapter's services, exporting here.</summary>
    public void Register(IServiceCollection services) => services.AddOpenTelemetry()
        .WithTracing(tracing => tracing.AddSeamFunctionsSources().AddProcessor(new SimpleActivityExportProcessor(new Spans(Rows))))
        .WithLogging(logging => logging.AddProcessor(new SimpleLogRecordExportProcessor(new Logs(Rows))));

    private sealed class Logs(ConcurrentQueue<AppInsightsRow> rows) : BaseExporter<LogRecord>
    {
        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in record.Attributes ?? [])
                {
                    if (value is not null && key != "{OriginalFormat}")
                        dimensions[key] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                }

                if (record.EventId.Id != 0)
                    dimensions["EventId"] = record.EventId.Id.ToString(CultureInfo.InvariantCulture);
                if (!string.IsNullOrEmpty(record.EventId.Name))
                    dimensions["EventName"] = record.EventId.Name;
                rows.Enqueue(new AppInsightsRow("traces", null, dimensions));
            }

            return ExportResult.Success;
        }
    }

    private sealed class Spans(ConcurrentQueue<AppInsightsRow> rows) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                var tags = span.TagObjects.Where(t => t.Value is not null)
                    .ToDictionary(t => t.Key, t => Convert.ToString(t.Value, CultureInfo.InvariantCulture)!, StringComparer.Ordinal);
                rows.Enqueue(new AppInsightsRow(span.Kind == ActivityKind.Client ? "dependencies" : "requests", span.DisplayName, tags));
            }

            return ExportResult.Success;
        }
    }
}
