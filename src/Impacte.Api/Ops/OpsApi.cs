using System.Security.Claims;
using Hangfire;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain;
using Impacte.Domain.Common;
using Impacte.Domain.Digests;
using Impacte.Domain.Email;
using Impacte.Domain.Operations;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Ops;

/// <summary>
/// The operations API (admins only). The Api never runs jobs: it reads the Workers' recurring jobs from Hangfire's
/// storage, and "trigger" enqueues one run through Hangfire, which a Worker takes within a couple of seconds.
/// </summary>
public static class OpsApi
{
    public static RouteGroupBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/api/ops").WithTags("Operations").RequireAuthorization(AuthSetup.AdminPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        ops.MapGet("/jobs", ListJobs).WithName(nameof(ListJobs)).WithSummary("The Workers' recurring jobs, with next and last runs; every job is on the Dashboard at /ops/hangfire.");
        ops.MapPost("/jobs/{name}/trigger", TriggerJob).WithName(nameof(TriggerJob)).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Run a recurring job now, once, on one Worker.");
        ops.MapGet("/outbox", ListOutbox).WithName(nameof(ListOutbox)).ProducesValidationProblem().WithSummary("The email outbox, newest first, optionally by status (pending, sent, failed).");
        ops.MapPost("/outbox/{id:guid}/retry", RetryEmail).WithName(nameof(RetryEmail)).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Send a failed email again, with the same Message-ID.");
        ops.MapPost("/digests/preview/{userId:guid}", PreviewDigest).WithName(nameof(PreviewDigest)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The digest this member would get now (as if today were their digest day), without sending or writing anything.");
        return ops;
    }

    internal static Ok<List<JobResponse>> ListJobs(JobStorage storage) => TypedResults.Ok(Jobs(storage));

    /// <summary>The recurring jobs the Workers registered (none until a Worker has started once).</summary>
    public static List<JobResponse> Jobs(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection)
            .OrderBy(j => j.Id)
            .Select(j => new JobResponse(j.Id, j.Cron, Utc(j.NextExecution), Utc(j.LastExecution), j.LastJobState?.ToLowerInvariant(), j.Error,
                $"{JobsDashboard.Path}/recurring/details/{Uri.EscapeDataString(j.Id)}"))
            .ToList();
    }

    internal static async Task<Accepted<JobTriggeredResponse>> TriggerJob(string name, OperationsActions operations, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        operations.RunNow(name, await actors.ForAsync(user, ct));
        return TypedResults.Accepted($"{JobsDashboard.Path}/recurring", new JobTriggeredResponse(name));
    }

    internal static async Task<Ok<Paged<OutboxItem>>> ListOutbox(ImpacteDbContext db, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        OutboxStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
            wanted = Enum.TryParse<OutboxStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s)
                ? s : throw new DomainValidationException("status", "Choose pending, sent or failed.");
        var query = db.Outbox.Where(o => wanted == null || o.Status == wanted).OrderByDescending(o => o.CreatedAt).ThenBy(o => o.Id)
            .Select(o => new OutboxItem(o.Id, o.Kind, o.ToAddress, o.Subject, o.Status.ToString().ToLower(), o.Attempts, o.CreatedAt, o.NextAttemptAt, o.SentAt, o.LastError));
        return TypedResults.Ok(await query.ToPagedAsync(PageRequest.From(page, pageSize), ct));
    }

    internal static async Task<Ok<OutboxItem>> RetryEmail(Guid id, OperationsActions operations, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var email = await operations.RetryEmailAsync(id, await actors.ForAsync(user, ct), ct);
        return TypedResults.Ok(new OutboxItem(email.Id, email.Kind, email.ToAddress, email.Subject, email.Status.ToString().ToLowerInvariant(),
            email.Attempts, email.CreatedAt, email.NextAttemptAt, email.SentAt, email.LastError));
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    internal static async Task<Ok<DigestPreviewResponse>> PreviewDigest(Guid userId, MemberDigests digests, Actors actors, ClaimsPrincipal user, CancellationToken ct)
    {
        var preview = await digests.PreviewAsync(userId, await actors.ForAsync(user, ct), ct);
        var (digest, email) = (preview.Digest, preview.Email);
        return TypedResults.Ok(new DigestPreviewResponse(
            userId, digest.To.Email, digest.To.Preferences.DigestFrequency.ToString().ToLowerInvariant(), digest.To.Period.Start, digest.To.Period.End,
            preview.WouldSend, email.Subject,
            digest.Sections.Select(s => new DigestPreviewSection(
                JsonNamingPolicy(s.Kind), s.Heading, s.Intro,
                s.Items.Select(i => new DigestPreviewItem(i.Title, i.Detail, i.Quote, i.Url, i.Actions.Select(a => new DigestPreviewLink(a.Label, a.Url)).ToList(),
                    i.Reading.Select(r => new DigestPreviewReading(r.Question, r.Papers.Select(p => new DigestPreviewPaper(p.Citation, p.Link)).ToList(), r.AppraisalUrl)).ToList(),
                    i.IsNews)).ToList(), s.More))
                .ToList(),
            email.TextBody, email.HtmlBody ?? ""));
    }

    private static string JsonNamingPolicy(DigestSectionKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}
