using Impacte.Domain.Clubs;
using Impacte.Domain.Common;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Impacte.Api.Http;

/// <summary>The one place where domain exceptions become RFC 9457 ProblemDetails.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails? problem = exception switch
        {
            DomainValidationException e => new HttpValidationProblemDetails(e.Errors) { Status = 400, Title = "Some fields are not valid" },
            CsvImportException e => CsvProblem(e),
            NotFoundException e => new ProblemDetails { Status = 404, Title = "Not found", Detail = e.Message },
            ForbiddenException e => new ProblemDetails { Status = 403, Title = "Not allowed", Detail = e.Message },
            ConflictException e => new ProblemDetails { Status = 409, Title = "Conflict", Detail = e.Message },
            TransitionConflictException e => TransitionProblem(e),
            IdentifierWarningsException e => IdentifierProblem(e),
            StaleVersionException or DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = 412, Title = "Changed by someone else",
                Detail = "Someone else changed this since you loaded it. Get it again and reapply your change.",
            },
            PreconditionRequiredException e => new ProblemDetails { Status = 428, Title = "If-Match required", Detail = e.Message },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "Bad request", Detail = e.Message },
            _ => null,
        };
        if (problem is null) return false;
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The refused move, and the moves this person could make instead.</summary>
    private static ProblemDetails TransitionProblem(TransitionConflictException e)
    {
        var problem = new ProblemDetails { Status = 409, Title = "Not possible from here", Detail = e.Message };
        problem.Extensions["allowedTransitions"] = e.Allowed.Select(t => new { to = QuestionNames.Name(t.To), action = t.Action }).ToList();
        return problem;
    }

    /// <summary>Fields that may identify a patient: the client shows them and sends again with the confirmation flag.</summary>
    private static HttpValidationProblemDetails IdentifierProblem(IdentifierWarningsException e)
    {
        var problem = new HttpValidationProblemDetails(e.Warnings)
        {
            Status = 400,
            Title = "Check that these fields do not identify a patient",
            Detail = "If they do not, send the question again with confirmIdentifierWarnings set to true.",
        };
        problem.Extensions["confirmWith"] = "confirmIdentifierWarnings";
        return problem;
    }

    private static HttpValidationProblemDetails CsvProblem(CsvImportException e)
    {
        var problem = new HttpValidationProblemDetails(
            e.Lines.GroupBy(l => $"line {l.Line}").ToDictionary(g => g.Key, g => g.Select(l => $"{l.Field}: {l.Reason}").ToArray()))
        {
            Status = 400,
            Title = "The CSV was not imported",
            Detail = e.Message,
        };
        problem.Extensions["lines"] = e.Lines;
        return problem;
    }
}

public sealed class PreconditionRequiredException(string message) : DomainException(message);

public static class ErrorHandlingSetup
{
    public static IServiceCollection AddImpacteProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);
            // Under test only: a 500 names its exception, so a failure seen once in a full run is not lost without its cause.
            if (c.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsEnvironment("Testing")
                && (c.Exception ?? c.HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error) is { } error)
                c.ProblemDetails.Extensions.TryAdd("exception", $"{error.GetType().Name}: {error.Message}");
        });
        services.AddExceptionHandler<DomainExceptionHandler>();
        // Malformed JSON and unbindable parameters throw, so the handler above can say precisely what was wrong.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
