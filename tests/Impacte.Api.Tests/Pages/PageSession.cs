using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using System.Net;
using Impacte.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Impacte.Api.Tests.Pages;

/// <summary>A browser-like session over HTTP: keeps cookies, reads pages, posts their forms with the antiforgery token.</summary>
public sealed class PageSession
{
    private PageSession(HttpClient client, CookieContainer cookies) => (Client, Cookies) = (client, cookies);

    public HttpClient Client { get; }
    /// <summary>The session's cookies, which another Api instance can be handed.</summary>
    public CookieContainer Cookies { get; }

    public static PageSession For<TEntryPoint>(WebApplicationFactory<TEntryPoint> api, CookieContainer? cookies = null) where TEntryPoint : class
    {
        cookies ??= new CookieContainer();
        return new(api.CreateDefaultClient(new RedirectHandler(), new CookieContainerHandler(cookies)), cookies);
    }

    public async Task<IHtmlDocument> GetAsync(string path) =>
        await new HtmlParser().ParseDocumentAsync(await Client.GetStringAsync(path));

    /// <summary>Fills the form at <paramref name="path"/> (the first, or the one posting to <paramref name="handler"/>) and submits it.</summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> SubmitAsync(
        string path, IReadOnlyDictionary<string, string> fields, string? handler = null)
    {
        var page = await GetAsync(path);
        // Forms in the page's main content, not the header's sign-out.
        var form = page.QuerySelectorAll("main form").OfType<IHtmlFormElement>().First(f => handler is null || (f.Action ?? "").Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase));
        var values = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is not null && i.Type == "hidden")
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (name, value) in fields) values[name] = value;
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? path : form.GetAttribute("action")!;
        var response = await Client.PostAsync(action, new FormUrlEncodedContent(values));
        return (response, await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync()));
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password = ApiFactory.Password) =>
        (await SubmitAsync("/account/sign-in", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password })).Response;
}
