public import Logging

/// Sets up swift-log for the process from the `log` settings.
public enum LoggingBootstrap {
    /// Makes the factory that creates one handler per logger, in the configured format and level.
    ///
    /// - Parameters:
    ///   - settings: format and level.
    ///   - sink: where lines go; standard error unless a test captures them.
    /// - Returns: a factory for `LoggingSystem.bootstrap`.
    public static func handlerFactory(
        for settings: LogSettings,
        sink: any LogLineSink = StandardErrorSink()
    ) -> @Sendable (String, Logger.MetadataProvider?) -> any LogHandler {
        { label, provider in
            LineLogHandler(label: label, level: settings.level, format: settings.format, metadataProvider: provider, sink: sink)
        }
    }

    /// Installs the handlers process-wide. Call once, early in `main`; swift-log allows only one bootstrap.
    ///
    /// - Parameters:
    ///   - settings: format and level.
    ///   - metadataProvider: contextual metadata added to every line.
    public static func bootstrap(_ settings: LogSettings, metadataProvider: Logger.MetadataProvider? = nil) {
        LoggingSystem.bootstrap(handlerFactory(for: settings), metadataProvider: metadataProvider)
    }
}
