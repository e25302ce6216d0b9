using Microsoft.Extensions.Logging;

namespace Sot.Workbench.Hosting;

/// <summary>
/// The logger factory handed to plugins while they register services, before the host's logging exists.
/// Loggers created from it write to the host's logging once the host has built its services; messages
/// logged before that are dropped.
/// </summary>
internal sealed class DeferredLoggerFactory : ILoggerFactory
{
    private volatile ILoggerFactory? _target;

    public void Attach(ILoggerFactory target) => _target ??= target;

    public void AddProvider(ILoggerProvider provider)
    {
        // Providers belong to the host's logging configuration.
    }

    public ILogger CreateLogger(string categoryName) => new DeferredLogger(this, categoryName);

    public void Dispose()
    {
        // The target is owned by the host.
    }

    private sealed class DeferredLogger(DeferredLoggerFactory owner, string category) : ILogger
    {
        private ILogger? _inner;

        private ILogger? Inner => _inner ??= owner._target?.CreateLogger(category);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => Inner?.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => Inner?.IsEnabled(logLevel) ?? false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Inner?.Log(logLevel, eventId, state, exception, formatter);
    }
}
