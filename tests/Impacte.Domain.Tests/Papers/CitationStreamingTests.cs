using System.Text;
using Impacte.Domain.Papers.Citations;

namespace Impacte.Domain.Tests.Papers;

public class CitationStreamingTests
{
    private const int RecordCount = 4000;

    [Fact]
    public async Task FourThousandRecordFileIsReadRecordByRecordNotWhole()
    {
        var stream = new GeneratedRisStream(RecordCount);
        long readAtFirst = 0, readAtHalf = 0;
        var count = 0;

        await foreach (var result in CitationReader.ReadAsync(stream, TestContext.Current.CancellationToken))
        {
            count++;
            var record = Assert.IsType<ParsedCitation>(result).Record;
            Assert.Equal(count, record.RecordNumber);
            Assert.Equal($"10.1000/gen.{count}", record.Doi);
            if (count == 1) readAtFirst = stream.BytesRead;
            if (count == RecordCount / 2) readAtHalf = stream.BytesRead;
        }

        Assert.Equal(RecordCount, count);
        Assert.True(stream.BytesRead > 4_000_000, $"The file is {stream.BytesRead} bytes.");
        // The first record comes after the detection window and a read buffer, not after the whole file.
        Assert.InRange(readAtFirst, 1, 64 * 1024);
        Assert.InRange(readAtHalf, stream.BytesRead * 4 / 10, stream.BytesRead * 6 / 10);
    }

    [Fact]
    public async Task ReadingStopsWhenCancelled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var stream = new GeneratedRisStream(RecordCount);
        var count = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in CitationReader.ReadAsync(stream, cancel.Token))
                if (++count == 10) await cancel.CancelAsync();
        });
        Assert.Equal(10, count);
    }

    /// <summary>A RIS export of generated records, written as it is read so that no test holds it whole.</summary>
    private sealed class GeneratedRisStream(int records) : Stream
    {
        private static readonly string Abstract = string.Join(' ', Enumerable.Repeat("Blue light reduced inflammatory acne lesions.", 20));
        private byte[] current = [];
        private int offset, next = 1;

        public long BytesRead { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            if (offset == current.Length)
            {
                if (next > records) return 0;
                current = Encoding.UTF8.GetBytes(
                    $"TY  - JOUR\r\nTI  - Generated paper {next}\r\nAU  - Author, A.\r\nPY  - 2020\r\n" +
                    $"DO  - 10.1000/gen.{next}\r\nAB  - {Abstract}\r\nKW  - acne\r\nphototherapy\r\nER  - \r\n\r\n");
                offset = 0;
                next++;
            }
            var count = Math.Min(buffer.Length, current.Length - offset);
            current.AsSpan(offset, count).CopyTo(buffer);
            offset += count;
            BytesRead += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
