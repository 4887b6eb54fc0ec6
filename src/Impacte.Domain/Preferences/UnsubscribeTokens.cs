using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Impacte.Domain.Preferences;

/// <summary>
/// The token in a one-click unsubscribe link (RFC 8058): the member's id, the list, and an HMAC of both under the
/// member's own key (<see cref="Identity.User.UnsubscribeKey"/>), base64url. It never expires, but it unsubscribes
/// only that member from only that list: changing either breaks the MAC, and nobody without the key can make one.
/// </summary>
public static class UnsubscribeTokens
{
    private const int MacBytes = 16;
    private const int Length = 16 + 1 + MacBytes;

    public static string Create(Guid userId, EmailList list, byte[] key)
    {
        var bytes = new byte[Length];
        userId.TryWriteBytes(bytes.AsSpan(0, 16));
        bytes[16] = (byte)list;
        Mac(key, userId, list).CopyTo(bytes.AsSpan(17));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Who and which list the token claims, before its MAC is checked (the member's key is needed for that).</summary>
    public static bool TryRead(string? token, out Guid userId, out EmailList list)
    {
        userId = Guid.Empty;
        list = default;
        if (token is null || token.Length > 64) return false;
        if (!Base64Url.IsValid(token)) return false;
        var bytes = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.DecodeFromChars(token, bytes) != Length) return false;
        userId = new Guid(bytes.AsSpan(0, 16));
        list = (EmailList)bytes[16];
        return Enum.IsDefined(list);
    }

    /// <summary>True when the token is the one <see cref="Create"/> makes for this member's key.</summary>
    public static bool IsValid(string token, byte[] key)
    {
        if (!TryRead(token, out var userId, out var list)) return false;
        var expected = Create(userId, list, key);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(token));
    }

    private static byte[] Mac(byte[] key, Guid userId, EmailList list) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"unsubscribe:{userId}:{list}"))[..MacBytes];
}
