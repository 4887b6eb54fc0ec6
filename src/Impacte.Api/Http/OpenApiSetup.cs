using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Impacte.Api.Http;

public static class OpenApiSetup
{
    /// <summary>The whole API described at /openapi/v1.json, with the bearer scheme clients sign in with.</summary>
    public static IServiceCollection AddImpacteOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "IMPACTE API",
                Version = "v1",
                Description = "Journal clubs that change practice: clubs, members, questions, evidence, meetings, audits.",
                Contact = new OpenApiContact { Name = "IMPACTE", Email = "impacte@example.org" },
                License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
            };
            document.Tags = new HashSet<OpenApiTag>
            {
                new() { Name = "Auth", Description = "Sign in for API clients: access and refresh tokens." },
                new() { Name = "Me", Description = "The signed-in person." },
                new() { Name = "Clubs", Description = "Journal clubs: one per practice, scheduling in its own time zone." },
                new() { Name = "Members", Description = "Who belongs to a club, invitations and CSV imports." },
                new() { Name = "Papers", Description = "Papers held once for the network, imported from citation exports with duplicates recognised." },
                new() { Name = "Appraisals", Description = "Critical appraisals: checklist, key results, level, GRADE, bottom line; checked by a second librarian." },
                new() { Name = "Evidence", Description = "The librarian's queue, the papers found for each question and the record of its search." },
                new() { Name = "Checklists", Description = "The appraisal checklists, one per study design." },
            };
            document.Servers = [new OpenApiServer { Url = "http://127.0.0.1:5080", Description = "Local stack" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The accessToken from POST /api/auth/login.",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        })
        // Sign-in itself needs no token: say so, rather than inherit the document's bearer requirement.
        .AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAllowAnonymous>().Any())
                operation.Security = [];
            // Every operation gets an id clients can generate code from: the handler's name unless WithName gave one.
            operation.OperationId ??= metadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault()?.Name;
            return Task.CompletedTask;
        }));
}
