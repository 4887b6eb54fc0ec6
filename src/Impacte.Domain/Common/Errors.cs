namespace Impacte.Domain.Common;

/// <summary>Base of the rule violations the Api maps to ProblemDetails in one place.</summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>Input that breaks a rule, reported per field (400).</summary>
public sealed class DomainValidationException(IDictionary<string, string[]> errors)
    : DomainException("One or more fields are invalid.")
{
    public IDictionary<string, string[]> Errors { get; } = errors;

    public DomainValidationException(string field, string reason)
        : this(new Dictionary<string, string[]> { [field] = [reason] }) { }
}

/// <summary>The thing does not exist, or the caller may not know it does (404).</summary>
public sealed class NotFoundException(string what) : DomainException($"{what} was not found.");

/// <summary>The caller may see the thing but not do this to it (403).</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>The request clashes with the current state (409).</summary>
public sealed class ConflictException(string message) : DomainException(message);

/// <summary>The caller edited a version someone else has changed since (412).</summary>
public sealed class StaleVersionException() : DomainException("Someone else changed this since you loaded it. Reload and try again.");
