using Microsoft.Net.Http.Headers;

namespace Impacte.Api.Http;

/// <summary>
/// Optimistic concurrency over HTTP: the ETag is the row's PostgreSQL xmin; a PATCH must send it back in
/// If-Match, and a stale one gives 412 instead of silently overwriting someone else's edit.
/// </summary>
public static class ETags
{
    public static string For(uint version) => $"\"{version}\"";

    public static void Set(HttpResponse response, uint version) => response.Headers.ETag = For(version);

    public static uint Required(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(header))
            throw new PreconditionRequiredException("Send the ETag you read in an If-Match header, so we can check nobody changed it since.");
        if (EntityTagHeaderValue.TryParse(header, out var tag) && !tag.IsWeak &&
            uint.TryParse(tag.Tag.AsSpan().Trim('"'), out var version))
            return version;
        throw new Impacte.Domain.Common.StaleVersionException();
    }
}
