using Impacte.Api.Http;

namespace Impacte.Api.Network;

/// <summary>A change on the network view; <c>area</c> is the slug of its question's clinical area.</summary>
public sealed record NetworkChangeResponse(
    Guid Id, string Title, Guid ClubId, string ClubName, PersonResponse Owner, string Status, DateOnly DueOn, string? Area,
    Guid? QuestionId, int ProgressScore, string Progress, string? LatestSignal, DateTimeOffset UpdatedAt);

/// <summary>One thing a person is on: <c>kind</c> question, appraisal or change; <c>role</c> proposer, author, owner or team.</summary>
public sealed record PersonWorkResponse(string Kind, string Role, Guid Id, string Title, string Status, string ClubName, DateTimeOffset UpdatedAt);

/// <summary>A person and, paged, what they are on.</summary>
public sealed record NetworkProfileResponse(
    Guid Id, string Name, string? Profession, IReadOnlyList<string> Clubs, IReadOnlyList<PersonWorkResponse> Items, int Total, int Page, int PageSize);

public sealed record LibraryEntryResponse(
    Guid Id, string Title, string Description, Guid ClubId, string ClubName, PersonResponse Owner, string Status, string? Area,
    string? WhatDidNotWork, string? HowItMadeADifference, string? AbandonReason, DateTimeOffset UpdatedAt);
