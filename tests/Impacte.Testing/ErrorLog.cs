using Microsoft.Extensions.Logging;

namespace Impacte.Testing;

/// <summary>
/// Errors the in-memory Api logs (an unhandled exception behind a 500, above all), appended to
/// .run/test-logs/api-errors.log: xunit does not show the host's console, and a 500 that happens once in
/// a full run is otherwise gone without its cause.
/// </summary>
public sealed class ErrorLog(string testClass) : ILoggerProvider
{
    private static readonly Lock Gate = new();
    public static string Path { get; } = System.IO.Path.Combine(RepoPaths.Root, ".run", "test-logs", "api-errors.log");

    public ILogger CreateLogger(string category) => new Logger(testClass, category);

    public void Dispose() { }

    private sealed class Logger(string testClass, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel level) => level >= LogLevel.Error;

        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(level)) return;
            var entry = $"{DateTimeOffset.UtcNow:O} {level} {testClass} {category}: {formatter(state, exception)}\n{exception}\n\n";
            lock (Gate)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
                File.AppendAllText(Path, entry);
            }
        }
    }
}
