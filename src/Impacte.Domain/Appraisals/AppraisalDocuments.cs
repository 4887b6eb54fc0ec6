using System.IO.Compression;
using System.Text;
using Impacte.Domain.Common;

namespace Impacte.Domain.Appraisals;

public sealed record DocumentKind(string ContentType, string Extension);

/// <summary>
/// The uploaded appraisal document: PDF, DOCX or Markdown, at most 20 MB, recognised from its bytes (a name or a
/// browser's Content-Type proves nothing). The stored name is reduced to a plain file name with the extension of
/// what the bytes really are, so "../../etc/passwd" or "report.pdf.exe" can only ever become a harmless download.
/// </summary>
public static class AppraisalDocuments
{
    public const long MaxBytes = 20 * 1024 * 1024;
    public const int MaxFileName = 200;

    public static readonly DocumentKind Pdf = new("application/pdf", ".pdf");
    public static readonly DocumentKind Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx");
    public static readonly DocumentKind Markdown = new("text/markdown; charset=utf-8", ".md");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>What the bytes are, or a 400 naming what is accepted.</summary>
    public static DocumentKind Recognise(byte[] content)
    {
        if (content.Length == 0) throw new DomainValidationException("file", "The file is empty.");
        if (content.AsSpan().StartsWith("%PDF-"u8)) return Pdf;
        if (content.AsSpan().StartsWith("PK\x03\x04"u8) && IsWordDocument(content)) return Docx;
        if (IsText(content)) return Markdown;
        throw new DomainValidationException("file", "Upload a PDF, a Word document (.docx) or a Markdown text file.");
    }

    /// <summary>A plain, safe file name: no folders, no control characters, the extension of what it really is.</summary>
    public static string SafeFileName(string? uploadedName, DocumentKind kind)
    {
        var name = (uploadedName ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or ':' or '|' or '?' or '*')).ToArray()).Trim().Trim('.');
        var stem = Path.GetFileNameWithoutExtension(name).Trim().Trim('.');
        if (stem.Length == 0) stem = "appraisal";
        if (stem.Length > MaxFileName - kind.Extension.Length) stem = stem[..(MaxFileName - kind.Extension.Length)];
        return stem + kind.Extension;
    }

    private static bool IsWordDocument(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is not null && zip.GetEntry("[Content_Types].xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>Markdown is text: valid UTF-8 with no control characters but tabs and line breaks.</summary>
    private static bool IsText(byte[] content)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return !text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n' or '\f'));
    }
}
