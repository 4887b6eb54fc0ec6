using System.Security.Claims;
using Impacte.Api.Auth;
using Impacte.Api.Http;
using Impacte.Domain.Changes;
using Impacte.Domain.Common;
using Impacte.Domain.Network;
using Impacte.Domain.Questions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Impacte.Api.Network;

/// <summary>"Who is on what" across the network, and the learning library: for every signed-in member.</summary>
public static class NetworkApi
{
    public static RouteGroupBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Network")
            .RequireAuthorization(AuthSetup.ApiPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/network/changes", NetworkChanges).WithName(nameof(NetworkChanges)).ProducesValidationProblem()
            .WithSummary("Every practice's changes with owner, status, progress score and latest signal, filtered by clinical area (slug), club, status, person (owner or team) and words (q), paged.");
        group.MapGet("/network/people/{id:guid}", NetworkPerson).WithName(nameof(NetworkPerson)).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A person and what they are on (questions taken on that they proposed, appraisals they wrote, changes they own or work on), paged.");
        group.MapGet("/library", Library).WithName(nameof(Library)).ProducesValidationProblem()
            .WithSummary("The learning library: implemented, sustained and abandoned changes with what did not work and what made a difference, searchable (q), paged.");
        return group;
    }

    internal static async Task<Ok<Paged<NetworkChangeResponse>>> NetworkChanges(
        NetworkView network, Actors actors, ClaimsPrincipal user,
        string? area, Guid? clubId, string? status, Guid? personId, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var filter = NetworkFilter.Parse(area, clubId, status, personId, q);
        var actor = await actors.ForAsync(user, ct);
        var found = await network.ChangesAsync(filter, request, actor, ct);
        return TypedResults.Ok(new Paged<NetworkChangeResponse>(found.Items.Select(c => new NetworkChangeResponse(
            c.Id, c.Title, c.ClubId, c.ClubName, new PersonResponse(c.OwnerId, c.OwnerName), c.Status.Name(), c.DueOn, c.Area?.Slug(),
            c.QuestionId, c.Progress.Score, c.Progress.Label, c.LatestSignal, c.UpdatedAt)).ToList(), found.Total, request.Page, request.PageSize));
    }

    internal static async Task<Ok<NetworkProfileResponse>> NetworkPerson(Guid id, NetworkView network, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var person = await network.PersonAsync(id, ct);
        var work = await network.WorkOfAsync(id, request, ct);
        return TypedResults.Ok(new NetworkProfileResponse(person.Id, person.Name, person.Profession, person.Clubs,
            work.Items.Select(w => new PersonWorkResponse(w.Kind, w.Role, w.Id, w.Title, w.Status, w.ClubName, w.UpdatedAt)).ToList(),
            work.Total, request.Page, request.PageSize));
    }

    internal static async Task<Ok<Paged<LibraryEntryResponse>>> Library(LearningLibrary library, string? q, int? page, int? pageSize, CancellationToken ct)
    {
        var request = PageRequest.From(page, pageSize);
        var found = await library.SearchAsync(q, request, ct);
        return TypedResults.Ok(new Paged<LibraryEntryResponse>(found.Items.Select(e => new LibraryEntryResponse(
            e.Id, e.Title, e.Description, e.ClubId, e.ClubName, new PersonResponse(e.OwnerId, e.OwnerName), e.Status.Name(), e.Area?.Slug(),
            e.WhatDidNotWork, e.HowItMadeADifference, e.AbandonReason, e.UpdatedAt)).ToList(), found.Total, request.Page, request.PageSize));
    }
}
