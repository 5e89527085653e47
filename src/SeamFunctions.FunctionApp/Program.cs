using Microsoft.Extensions.Hosting;
using SeamFunctions.FunctionApp;

await FunctionAppHost.CreateBuilder(args).Build().RunAsync();
