using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Impacte.Worker.Tests;

/// <summary>An SMTP peer that accepts the session and refuses every recipient (550 by default, as a real relay does for a dead mailbox).</summary>
internal sealed class RefusingSmtpServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly string refusal;

    public RefusingSmtpServer(string refusal = "550 5.1.1 <nobody>: Recipient address rejected: User unknown")
    {
        this.refusal = refusal;
        listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 refusing.test ESMTP");
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                await writer.WriteLineAsync(verb switch
                {
                    "EHLO" or "HELO" => "250 refusing.test",
                    "MAIL" => "250 2.1.0 Ok",
                    "RCPT" => refusal,
                    "QUIT" => "221 2.0.0 Bye",
                    _ => "250 Ok",
                });
                if (verb == "QUIT") break;
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
    }
}
