namespace Impacte.Api.Http;

/// <summary>A person wherever a response names one (proposer, author, owner, attendee, …): the same two fields everywhere.</summary>
public sealed record PersonResponse(Guid Id, string Name);
