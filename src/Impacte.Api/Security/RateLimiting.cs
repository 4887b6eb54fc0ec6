using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Impacte.Api.Security;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Sign-in, token and password-reset requests allowed per client address (IPv6: per /64) per minute.</summary>
    public int SignInPermitsPerMinute { get; set; } = 10;

    /// <summary>Sign-in and reset attempts allowed per email address tried, from all addresses together, per minute.</summary>
    public int SignInPermitsPerAccountPerMinute { get; set; } = 10;

    /// <summary>Similar-question look-ups and Markdown previews allowed per signed-in person per minute.</summary>
    public int PreviewPermitsPerUserPerMinute { get; set; } = 60;
}

public static class RateLimiting
{
    public const string SignInPolicy = "sign-in";
    public const string PerUserPolicy = "per-user";

    /// <summary>
    /// Slows password guessing and email bombing per client address (the real one, from X-Forwarded-For when a
    /// configured proxy sent it; IPv6 grouped by /64, what one subscriber usually holds), and per email address tried
    /// (<see cref="AccountThrottle"/>), so a script can neither shut out everyone behind one address nor escape by
    /// spreading over many. Lookups that run while someone types (similar questions, Markdown previews) are limited
    /// per person. Rejections are 429 with ProblemDetails and Retry-After.
    /// </summary>
    public static IServiceCollection AddImpacteRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitingOptions.Section).Get<RateLimitingOptions>() ?? new();
        services.AddSingleton(new AccountThrottle(options.SignInPermitsPerAccountPerMinute));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Attempts are limited, not reading the sign-in page: GETs pass freely.
            limiter.AddPolicy(SignInPolicy, context => HttpMethods.IsGet(context.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : PerMinute(ClientPartition(context.Connection.RemoteIpAddress), options.SignInPermitsPerMinute));
            limiter.AddPolicy(PerUserPolicy, context => PerUser(context, options));
            // Page handlers named "preview" (the question form's similar questions, the appraisal's Markdown preview):
            // one rule for all of them, without an attribute on each page.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                string.Equals(context.Request.Query["handler"], "preview", StringComparison.OrdinalIgnoreCase)
                    ? PerUser(context, options)
                    : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                var signIn = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignInPolicy;
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = signIn
                            ? "Too many sign-in attempts from this address. Wait a minute and try again."
                            : "Too many requests. Wait a minute and try again.",
                    },
                });
            };
        });
        return services;
    }

    /// <summary>The address a limit counts against: IPv4 as it is, IPv6 by its /64 (one subscriber's network).</summary>
    public static string ClientPartition(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private static RateLimitPartition<string> PerUser(HttpContext context, RateLimitingOptions options) =>
        PerMinute(context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id
            ? $"user:{id}"
            : ClientPartition(context.Connection.RemoteIpAddress), options.PreviewPermitsPerUserPerMinute);

    private static RateLimitPartition<string> PerMinute(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}

/// <summary>
/// Attempts per email address tried, whoever tries and from wherever: many addresses do not buy a script more guesses
/// at one account (nor more reset emails to one inbox). Counted alike for addresses with and without an account.
/// Kept in memory per Api instance, like the address limits.
/// </summary>
public sealed class AccountThrottle(int permitsPerMinute) : IDisposable
{
    public const string Message = "Too many attempts for this email address. Wait a minute and try again.";

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public bool TryAcquire(string email)
    {
        using var lease = limiter.AttemptAcquire(email.Trim().ToLowerInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
