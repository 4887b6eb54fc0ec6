using Impacte.Api.Appraisals;
using Impacte.Api.Audit;
using Impacte.Api.Auth;
using Impacte.Api.Changes;
using Impacte.Api.Impact;
using Impacte.Api.Cli;
using Impacte.Api.Clubs;
using Impacte.Api.Cpd;
using Impacte.Api.Health;
using Impacte.Api.Home;
using Impacte.Api.Http;
using Impacte.Api.Me;
using Impacte.Api.Measures;
using Impacte.Api.Meetings;
using Impacte.Api.Ops;
using Impacte.Api.Members;
using Impacte.Api.Network;
using Impacte.Api.Papers;
using Impacte.Api.People;
using Impacte.Api.PersonalData;
using Impacte.Api.Preferences;
using Impacte.Api.Questions;
using Impacte.Api.Security;
using Impacte.Api.Telemetry;
using Impacte.Api;
using Impacte.Domain;

var builder = WebApplication.CreateBuilder(args);
builder.AddImpacteTelemetry();

builder.Services.AddImpacteDomain(builder.Configuration);
builder.Services.AddImpacteFeatures();
builder.Services.AddImpacteIdentity();
builder.Services.AddImpacteDataProtection(builder.Configuration, builder.Environment);
builder.Services.AddImpacteRateLimiting(builder.Configuration);
builder.Services.AddImpacteReverseProxy(builder.Configuration, builder.Environment);
builder.Services.AddImpacteProblemDetails();
builder.Services.AddImpacteOpenApi();
builder.Services.AddImpacteHealthChecks();
builder.Services.AddImpactePages();
builder.Services.AddImpacteJobsClient(builder.Configuration);

var app = builder.Build();

if (Commands.Handles(args)) return await Commands.RunAsync(app.Services, args);
if (app.Environment.IsDevelopment()) await Commands.MigrateAsync(app.Services, CancellationToken.None);

app.UseImpacteReverseProxy();
app.UseImpacteMetricsEndpoint();
app.UseImpacteErrorPages();
app.UseSecurityHeaders();
// Public files (the NHS.UK frontend, our CSS and JS) are served before authentication: nothing to guard.
app.UseStaticFiles();
app.UseImpacteSwaggerUi();
app.UseRouting();
app.UseAuditAddress();
app.UseApiEndpointsOnly();
app.UseAuthentication();
app.UseAuthorization();
// After authorization, which sets the API's bearer user: per-person limits need to know who it is.
app.UseRateLimiter();
app.UseAntiforgery();
app.UseJobsDashboardAudit();

// Every API endpoint is mapped on this group, so every text it takes passes the one input rule (TextInput).
var api = app.MapGroup("").CheckTextInput();
api.MapAuthApi();
api.MapMeApi();
api.MapClubsApi();
api.MapMembersApi();
api.MapPapersApi();
api.MapAppraisalsApi();
api.MapEvidenceApi();
api.MapScreeningApi();
api.MapMeetingsApi();
api.MapOpsApi();
api.MapQuestionsApi();
api.MapChangesApi();
api.MapPdsaApi();
api.MapMeasuresApi();
api.MapCpdApi();
api.MapImpactApi();
api.MapPreferencesApi();
api.MapNetworkApi();
api.MapHomeApi();
api.MapPeopleApi();
api.MapPersonalDataApi();
api.MapAuditApi();
app.MapJobsDashboard();
app.MapRazorPages();
app.MapImpacteHealthChecks();
app.MapOpenApi().AllowAnonymous();

app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
