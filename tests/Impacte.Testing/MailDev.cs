using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Impacte.Testing;

/// <summary>The real MailDev inbox (REST API on :1080) that the Worker delivers to in tests.</summary>
public sealed class MailDev
{
    public static readonly MailDev Local = new(Environment.GetEnvironmentVariable("IMPACTE_MAILDEV_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:1080");

    private readonly HttpClient http;

    public MailDev(string baseUrl) => http = new HttpClient { BaseAddress = new Uri(baseUrl) };

    public sealed record Recipient(string Address, string? Name);
    public sealed record Attachment(string? ContentType, string? FileName, string? GeneratedFileName);
    public sealed record Email(
        string Id, string Subject, string? Text, string? Html, IReadOnlyList<Recipient> To, DateTimeOffset Date,
        [property: JsonPropertyName("headers")] IReadOnlyDictionary<string, object> Headers,
        IReadOnlyList<Attachment>? Attachments = null)
    {
        public string MessageId => Headers.TryGetValue("message-id", out var id) ? id.ToString()! : "";
        public IReadOnlyList<string> AttachmentNames => Attachments?.Select(a => a.FileName ?? "").ToList() ?? [];
    }

    /// <summary>The bytes of one attachment, as MailDev stored them.</summary>
    public Task<string> AttachmentAsync(Email email, Attachment attachment, CancellationToken ct = default) =>
        http.GetStringAsync($"/email/{email.Id}/attachment/{Uri.EscapeDataString(attachment.GeneratedFileName ?? attachment.FileName ?? "")}", ct);

    /// <summary>The emails to this address, oldest first; with <paramref name="since"/>, only those that arrived after it.</summary>
    public async Task<IReadOnlyList<Email>> ForAsync(string to, DateTimeOffset? since = null, CancellationToken ct = default)
    {
        var all = await http.GetFromJsonAsync<List<Email>>("/email", ct) ?? [];
        return all.Where(e => e.To.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)))
            .Where(e => since is null || e.Date >= since.Value.AddSeconds(-1))
            .OrderBy(e => e.Date).ToList();
    }

    /// <summary>The raw message as MailDev received it (headers and every MIME part).</summary>
    public Task<string> SourceAsync(Email email, CancellationToken ct = default) =>
        http.GetStringAsync($"/email/{email.Id}/download", ct);

    /// <summary>Every email to each of these addresses, read in one sweep of the inbox.</summary>
    public async Task<IReadOnlyDictionary<string, List<Email>>> InboxesAsync(IEnumerable<string> addresses, CancellationToken ct = default)
    {
        var all = await http.GetFromJsonAsync<List<Email>>("/email", ct) ?? [];
        var inboxes = addresses.ToDictionary(a => a, _ => new List<Email>(), StringComparer.OrdinalIgnoreCase);
        foreach (var email in all)
            foreach (var to in email.To)
                if (inboxes.TryGetValue(to.Address, out var inbox)) inbox.Add(email);
        return inboxes;
    }

    /// <summary>
    /// Waits until <paramref name="count"/> emails to this address have arrived (since a moment, for the seeded
    /// addresses that earlier runs may have written to), counting only those <paramref name="matching"/> when given: a
    /// seeded address can also get a running Worker's reading pack at any moment.
    /// </summary>
    public async Task<IReadOnlyList<Email>> WaitForAsync(
        string to, int count = 1, DateTimeOffset? since = null, TimeSpan? timeout = null, Func<Email, bool>? matching = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var emails = (await ForAsync(to, since)).Where(matching ?? (_ => true)).ToList();
            if (emails.Count >= count) return emails;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} email(s) to {to} in MailDev, found {emails.Count}.");
            await Task.Delay(250);
        }
    }
}
