using Impacte.Domain;
using Impacte.Domain.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Impacte.Api.Auth;

public static class AuthSetup
{
    /// <summary>Policy of every /api endpoint: a bearer token, never the cookie, so the API needs no CSRF defence.</summary>
    public const string ApiPolicy = "api";
    public const string AdminPolicy = "admin";
    /// <summary>Librarians' work (imports, appraisals); network admins may do it too.</summary>
    public const string LibrarianPolicy = "librarian";

    /// <summary>
    /// ASP.NET Core Identity over PostgreSQL: cookies for people in the browser, bearer tokens for API clients.
    /// </summary>
    public static IServiceCollection AddImpacteIdentity(this IServiceCollection services)
    {
        services
            .AddIdentity<User, IdentityRole<Guid>>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.SignIn.RequireConfirmedAccount = false;
                // Length beats complexity rules (NCSC guidance); common passwords are refused by CommonPasswordValidator.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 4;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<ImpacteDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<CommonPasswordValidator>();

        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromHours(2));
        services.AddAuthentication()
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                // Short access tokens: a removed role or a locked account reaches the API within 5 minutes, when
                // the refresh (which re-reads roles and lockout) is due.
                o.BearerTokenExpiration = AuthApi.AccessTokenLifetime;
                o.RefreshTokenExpiration = RefreshToken.Lifetime;
            });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "impacte";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/account/sign-in";
            o.LogoutPath = "/account/sign-out";
            o.AccessDeniedPath = "/status/403";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Under /api nobody is sent to a page: the status, which the API answers as ProblemDetails.
            o.Events.OnRedirectToLogin = c => ApiStatusOrRedirect(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiStatusOrRedirect(c, StatusCodes.Status403Forbidden);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireAuthenticatedUser().AddRequirements(new ActiveAccountRequirement()))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(NetworkRoles.Admin).AddRequirements(new ActiveAccountRequirement()))
            .AddPolicy(LibrarianPolicy, p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(NetworkRoles.Admin, NetworkRoles.Librarian)
                .AddRequirements(new ActiveAccountRequirement()))
            // Anything not marked otherwise needs a signed-in person: a page or endpoint cannot be left open by accident.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        // Every page request checks the cookie's security stamp (one indexed read): a deactivated account's session
        // ends at its next click, and a changed role shows at once, instead of after Identity's default 30 minutes.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddScoped<IAuthorizationHandler, ActiveAccountHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ActiveAccountResultHandler>();
        services.AddScoped<SignInAudit>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<RefreshTokens>();
        services.AddSingleton<EmailHasher>();
        services.AddSingleton<DummyPasswordHash>();
        return services;
    }

    private static Task ApiStatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api")) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
