public import Logging

/// Writes readable lines for a terminal: `2025-01-31T12:00:00.123Z info warden.review: review posted mr=12`.
///
/// Metadata values print through `description`, so a ``Secret`` prints `<redacted>`. Control characters in
/// messages and values are escaped so one event stays on one line.
public struct TextLogHandler: LogHandler {
    /// The logger's label (`warden.review`).
    public let label: String
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let sink: any LogLineSink

    /// Creates a handler.
    ///
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - level: the lowest level written.
    ///   - metadataProvider: contextual metadata added to every line.
    ///   - sink: where lines go.
    public init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil, sink: any LogLineSink = StandardErrorSink()) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let record = LogRecord(event: event, label: label, handlerMetadata: metadata, provider: metadataProvider)
        var line = "\(record.timestamp) \(record.level.rawValue) \(record.label): \(record.message.escapedForLogLine)"
        for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(Self.render(value))"
        }
        if let error = record.error { line += " error=\(Self.quotedIfNeeded(error))" }
        sink.write(line: line + "\n")
    }

    private static func render(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): quotedIfNeeded(text)
        case .stringConvertible(let convertible): quotedIfNeeded(convertible.description)
        case .array(let elements): "[" + elements.map(render).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key)=\(render($0.value))" }.joined(separator: ",") + "}"
        }
    }

    private static func quotedIfNeeded(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.contains { $0.isWhitespace || $0 == "\"" || $0 == "=" }
        return needsQuotes ? "\"\(text.escapedForLogLine)\"" : text.escapedForLogLine
    }
}

extension String {
    /// The text with quotes, backslashes and control characters escaped, at full length.
    fileprivate var escapedForLogLine: String {
        var result = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
