namespace Impacte.Api.Http;

/// <summary>Caps one endpoint's request body (uploads), whatever the server-wide limit is.</summary>
public sealed class RequestSizeLimitMetadata(long limit) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize => limit;
}
