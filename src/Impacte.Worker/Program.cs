using Impacte.Domain;
using Impacte.Worker.Scheduling;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddImpacteDomain(builder.Configuration);
builder.Services.AddImpacteScheduler(builder.Configuration);

var host = builder.Build();
host.Run();
