namespace Impacte.Api.PersonalData;

/// <summary>The person's erase request body: their email repeated, to confirm whom the admin means.</summary>
public sealed record ErasePersonRequest(string? ConfirmEmail);
