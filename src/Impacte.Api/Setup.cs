using Impacte.Api.Appraisals;
using Impacte.Api.Auth;
using Impacte.Api.Clubs;
using Impacte.Api.Http;
using Impacte.Domain.Appraisals;
using Impacte.Domain.Clubs;
using Impacte.Domain.Identity;
using Impacte.Domain.Papers;
using Impacte.Domain.Questions;
using Impacte.Domain.Seeding;

namespace Impacte.Api;

/// <summary>The Api's wiring that does not belong to one feature.</summary>
public static class Setup
{
    public static IServiceCollection AddImpacteFeatures(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<ClubAccess>();
        services.AddScoped<Actors>();
        services.AddScoped<ResourceAccess>();
        services.AddScoped<ClubAdministration>();
        services.AddScoped<ClubMembers>();
        services.AddScoped<Impacte.Domain.Meetings.ClubMeetings>();
        services.AddScoped<PasswordResets>();
        services.AddScoped<DemoNetwork>();
        services.AddScoped<PaperImporter>();
        services.AddScoped<EvidenceWork>();
        services.AddScoped<Screening>();
        services.AddScoped<CriticalAppraisals>();
        services.AddScoped<AppraisalLinks>();
        services.AddScoped<ClinicalQuestions>();
        services.AddScoped<Impacte.Domain.Changes.PracticeChanges>();
        services.AddScoped<Impacte.Domain.Changes.PdsaCycles>();
        services.AddScoped<Impacte.Domain.Measures.ChangeMeasures>();
        services.AddScoped<Impacte.Domain.Cpd.CpdEvidence>();
        // The CPD log's measured results of changes: each measure's latest value and signal.
        services.AddScoped<Impacte.Domain.Cpd.IChangeResults, Impacte.Domain.Cpd.MeasuredChangeResults>();
        services.AddScoped<Impacte.Domain.Impact.ImpactReports>();
        services.AddScoped<Impacte.Domain.Impact.ChangeReports>();
        services.AddScoped<Impacte.Domain.Preferences.MemberPreferencesService>();
        services.AddScoped<Impacte.Domain.Preferences.Unsubscribes>();
        services.AddScoped<Impacte.Domain.Network.NetworkView>();
        services.AddScoped<Impacte.Domain.Network.SimilarChanges>();
        services.AddScoped<Impacte.Domain.Network.LearningLibrary>();
        services.AddScoped<Impacte.Domain.Home.IJobHealth, Ops.JobHealth>();
        services.AddScoped<Impacte.Domain.Home.HomeTasks>();
        services.AddScoped<Impacte.Domain.People.NetworkPeople>();
        // Personal data rights and the audit trail (issue 13).
        services.AddScoped<Impacte.Domain.PersonalData.PersonalDataExport>();
        services.AddScoped<Impacte.Domain.PersonalData.PersonErasure>();
        services.AddScoped<Impacte.Domain.Audit.AuditLog>();
        return services;
    }

    public static IServiceCollection AddImpactePages(this IServiceCollection services)
    {
        services.Configure<RouteOptions>(o => o.LowercaseUrls = true);
        // Strings bound on pages lose control characters and flag the field (the API refuses them: TextInput).
        services.AddRazorPages().AddMvcOptions(o => o.ModelBinderProviders.Insert(0, new TextModelBinderProvider()));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "impacte-af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        return services;
    }

    /// <summary>Errors as ProblemDetails under /api, and as NHS-styled pages everywhere else.</summary>
    public static WebApplication UseImpacteErrorPages(this WebApplication app)
    {
        // Without a path the handler writes ProblemDetails; with one it re-executes the NHS-styled error page.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseExceptionHandler(new ExceptionHandlerOptions()).UseStatusCodePages());
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), web => web
            .UseExceptionHandler(app.Environment.IsDevelopment() ? new ExceptionHandlerOptions() : new ExceptionHandlerOptions { ExceptionHandlingPath = "/status/500" })
            .UseStatusCodePagesWithReExecute("/status/{0}"));
        return app;
    }

    /// <summary>
    /// Under /api, a request that matches no endpoint answers at once as ProblemDetails, before sign-in is demanded
    /// (which would otherwise send it to the sign-in page): 404, or the 405/415 that routing found for a known path
    /// asked with the wrong method or content type.
    /// </summary>
    public static WebApplication UseApiEndpointsOnly(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api") || context.GetEndpoint() is RouteEndpoint) return next(context);
            if (context.GetEndpoint() is { RequestDelegate: { } rejection }) return rejection(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    /// <summary>Swagger UI in Development, ahead of authentication: it only shows the public API description.</summary>
    public static WebApplication UseImpacteSwaggerUi(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
            app.UseSwaggerUI(o => o.SwaggerEndpoint("/openapi/v1.json", "IMPACTE API"));
        return app;
    }
}
