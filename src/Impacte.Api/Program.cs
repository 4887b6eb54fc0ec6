using Impacte.Api.Appraisals;
using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Api.Cli;
using Impacte.Api.Clubs;
using Impacte.Api.Health;
using Impacte.Api.Http;
using Impacte.Api.Me;
using Impacte.Api.Meetings;
using Impacte.Api.Ops;
using Impacte.Api.Members;
using Impacte.Api.Papers;
using Impacte.Api.Questions;
using Impacte.Api.Security;
using Impacte.Api;
using Impacte.Domain;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddImpacteDomain(builder.Configuration);
builder.Services.AddImpacteFeatures();
builder.Services.AddImpacteIdentity();
builder.Services.AddImpacteDataProtection();
builder.Services.AddImpacteRateLimiting(builder.Configuration);
builder.Services.AddImpacteProblemDetails();
builder.Services.AddImpacteOpenApi();
builder.Services.AddImpacteHealthChecks();
builder.Services.AddImpactePages();

var app = builder.Build();

if (Commands.Handles(args)) return await Commands.RunAsync(app.Services, args);
if (app.Environment.IsDevelopment()) await Commands.MigrateAsync(app.Services, CancellationToken.None);

app.UseImpacteErrorPages();
app.UseSecurityHeaders();
// Public files (the NHS.UK frontend, our CSS and JS) are served before authentication: nothing to guard.
app.UseStaticFiles();
app.UseImpacteSwaggerUi();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapAuthApi();
app.MapMeApi();
app.MapClubsApi();
app.MapMembersApi();
app.MapPapersApi();
app.MapAppraisalsApi();
app.MapEvidenceApi();
app.MapMeetingsApi();
app.MapOpsApi();
app.MapQuestionsApi();
app.MapChangesApi();
app.MapRazorPages();
app.MapImpacteHealthChecks();
app.MapOpenApi().AllowAnonymous();

app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
