using System.Security.Claims;
using Impacte.Domain.Digests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Ops;

public sealed record DigestPreviewItem(string Title, string? Detail, string? Quote, string Url, IReadOnlyList<DigestPreviewLink> Actions);
public sealed record DigestPreviewLink(string Label, string Url);
public sealed record DigestPreviewSection(string Kind, string Heading, IReadOnlyList<DigestPreviewItem> Items);

/// <summary>The digest a member would get now; <c>wouldSend</c> is false when nothing is new or their digest is off.</summary>
public sealed record DigestPreviewResponse(
    Guid UserId, string To, string Frequency, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool WouldSend,
    string Subject, IReadOnlyList<DigestPreviewSection> Sections, string Text, string Html);

/// <summary>The admins' digest preview, on the operations API: composes, writes nothing.</summary>
public static class DigestPreviewApi
{
    public static RouteGroupBuilder MapDigestPreview(this RouteGroupBuilder ops)
    {
        ops.MapPost("/digests/preview/{userId:guid}", PreviewDigest).WithName(nameof(PreviewDigest)).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The digest this member would get now (as if today were their digest day), without sending or writing anything.");
        return ops;
    }

    internal static async Task<Ok<DigestPreviewResponse>> PreviewDigest(Guid userId, MemberDigests digests, ClaimsPrincipal user, CancellationToken ct)
    {
        var preview = await digests.PreviewAsync(userId, OpsApi.Actor(user), ct);
        var (digest, email) = (preview.Digest, preview.Email);
        return TypedResults.Ok(new DigestPreviewResponse(
            userId, digest.To.Email, digest.To.Preferences.DigestFrequency.ToString().ToLowerInvariant(), digest.To.Period.Start, digest.To.Period.End,
            preview.WouldSend, email.Subject,
            digest.Sections.Select(s => new DigestPreviewSection(
                JsonNamingPolicy(s.Kind), s.Heading,
                s.Items.Select(i => new DigestPreviewItem(i.Title, i.Detail, i.Quote, i.Url, i.Actions.Select(a => new DigestPreviewLink(a.Label, a.Url)).ToList())).ToList()))
                .ToList(),
            email.TextBody, email.HtmlBody ?? ""));
    }

    private static string JsonNamingPolicy(DigestSectionKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
}
