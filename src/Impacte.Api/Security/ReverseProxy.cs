using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Impacte.Api.Security;

/// <summary>
/// Running behind a reverse proxy or load balancer, as production does: the client's address and scheme are taken
/// from X-Forwarded-For / X-Forwarded-Proto only when the request comes from a configured proxy (anyone else could
/// write those headers), and HTTPS is required: pages redirect to it, HSTS tells browsers to stay on it, and every
/// cookie is Secure.
/// </summary>
public static class ReverseProxy
{
    public const string KnownProxiesKey = "ForwardedHeaders:KnownProxies";
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";
    /// <summary>On by default in Production only; tests and unusual set-ups turn it on or off explicitly.</summary>
    public const string RequireHttpsKey = "Https:Required";
    public const string HttpsPortKey = "Https:Port";

    public static IServiceCollection AddImpacteReverseProxy(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var proxies = List(configuration, KnownProxiesKey).Select(IPAddress.Parse).ToList();
        var networks = List(configuration, KnownNetworksKey).Select(System.Net.IPNetwork.Parse).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only what is configured: not even loopback is trusted by default.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
            // Walk back through every trusted hop (a balancer in front of a proxy), stopping at the first stranger.
            o.ForwardLimit = null;
        });

        if (RequiresHttps(configuration, environment))
        {
            services.ConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.Configure<CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        }
        return services;
    }

    /// <summary>First in the pipeline, so everything after sees the real client address and scheme.</summary>
    public static WebApplication UseImpacteReverseProxy(this WebApplication app)
    {
        if (List(app.Configuration, KnownProxiesKey).Any() || List(app.Configuration, KnownNetworksKey).Any())
            app.UseForwardedHeaders();
        if (!RequiresHttps(app.Configuration, app.Environment)) return app;

        app.UseHsts();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            // The balancer's health checks (and Prometheus's scrapes) come over plain HTTP from inside the network.
            if (context.Request.IsHttps || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics"))
            {
                await next();
                return;
            }
            if (!path.StartsWithSegments("/api"))
            {
                // Pages: the usual redirect to HTTPS.
                var target = $"https://{context.Request.Host.Host}{PortSuffix(app.Configuration)}{context.Request.PathBase}{path}{context.Request.QueryString}";
                context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                context.Response.Headers.Location = target;
                return;
            }
            // The API answers ProblemDetails, never a redirect (a client would resend its token in the clear).
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "HTTPS required",
                    Detail = "The IMPACTE API answers over HTTPS only.",
                },
            });
        });
        return app;
    }

    public static bool RequiresHttps(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool?>(RequireHttpsKey) ?? environment.IsProduction();

    private static string PortSuffix(IConfiguration configuration) =>
        configuration.GetValue<int?>(HttpsPortKey) is { } port and not 443 ? $":{port}" : "";

    /// <summary>A list setting, as an array (<c>Key:0</c>, <c>Key:1</c>) or one comma-separated value (handy in environment variables).</summary>
    private static IEnumerable<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? single.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return values.Select(v => v.Trim()).Where(v => v.Length > 0);
    }
}
