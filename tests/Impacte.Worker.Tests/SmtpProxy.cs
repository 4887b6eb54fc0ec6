using System.Net;
using System.Net.Sockets;

namespace Impacte.Worker.Tests;

/// <summary>A TCP relay in front of MailDev that a test can stop (cutting every connection) and start again on the same port.</summary>
internal sealed class SmtpProxy : IDisposable
{
    private readonly int target;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;

    public SmtpProxy(int target)
    {
        this.target = target;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Start();
    }

    public int Port { get; }

    public void Start()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        var current = listener;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try { client = await current.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                var upstream = new TcpClient();
                try { await upstream.ConnectAsync(IPAddress.Loopback, target); }
                catch (Exception) { client.Dispose(); continue; }
                lock (open) open.AddRange([client, upstream]);
                _ = Pump(client, upstream);
                _ = Pump(upstream, client);
            }
        });
    }

    private static async Task Pump(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream()); }
        catch (Exception) { }
        finally { from.Dispose(); to.Dispose(); }
    }

    public void Stop()
    {
        listener?.Stop();
        lock (open)
        {
            foreach (var c in open) c.Dispose();
            open.Clear();
        }
    }

    public void Dispose() => Stop();
}
