public import Logging

/// The process's log handler: one line per event on a sink, as JSON (``LogFormat/json``) or readable text
/// (``LogFormat/text``).
///
/// Metadata values print through `description`, so a ``Secret`` prints `<redacted>`.
public struct LineLogHandler: LogHandler {
    /// The logger's label (`warden.review`).
    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let format: LogFormat
    private let sink: any LogLineSink

    /// Creates a handler.
    ///
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - level: the lowest level written.
    ///   - format: JSON objects or readable text.
    ///   - metadataProvider: contextual metadata added to every line.
    ///   - sink: where lines go.
    public init(
        label: String,
        level: Logger.Level,
        format: LogFormat,
        metadataProvider: Logger.MetadataProvider? = nil,
        sink: any LogLineSink = StandardErrorSink()
    ) {
        self.label = label
        self.logLevel = level
        self.format = format
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let record = LogRecord(event: event, label: label, handlerMetadata: metadata, provider: metadataProvider)
        switch format {
        case .json: sink.write(line: JSONLogLine.render(record))
        case .text: sink.write(line: TextLogLine.render(record))
        }
    }
}
