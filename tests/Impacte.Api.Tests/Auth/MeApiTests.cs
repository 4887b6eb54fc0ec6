using System.Net;
using Impacte.Testing;

namespace Impacte.Api.Tests.Auth;

public sealed class MeApiTests(ApiFactory api) : ApiTestBase(api)
{
    [Fact]
    public async Task MeShowsAClubLeadTheirClubAndRole()
    {
        var me = await JsonAsync(await (await As("lead@example.org")).GetAsync("/api/me"));

        Assert.Equal("lead@example.org", me.GetProperty("email").GetString());
        Assert.Equal(0, me.GetProperty("networkRoles").GetArrayLength());
        var club = Assert.Single(me.GetProperty("clubs").EnumerateArray());
        Assert.Equal("lead", club.GetProperty("role").GetString());
        Assert.Equal(await ClubIdAsync(MiltonKeynes), club.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task MeShowsNetworkRoles()
    {
        var me = await JsonAsync(await (await As("librarian@example.org")).GetAsync("/api/me"));
        Assert.Equal(["librarian"], me.GetProperty("networkRoles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task MeFlagsAPublicRepresentative()
    {
        var me = await JsonAsync(await (await As("public.mk@example.org")).GetAsync("/api/me"));
        Assert.True(Assert.Single(me.GetProperty("clubs").EnumerateArray()).GetProperty("isPublicRepresentative").GetBoolean());
    }

    [Fact]
    public async Task MeWithoutATokenIs401ProblemDetails()
    {
        var response = await Api.CreateClient().GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
