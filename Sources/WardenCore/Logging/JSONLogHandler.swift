public import Logging

/// Writes one JSON object per line: `ts`, `level`, `label`, `message`, `metadata` (and `error` when the event has one).
///
/// Metadata values print through `description`, so a ``Secret`` prints `<redacted>`.
public struct JSONLogHandler: LogHandler {
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
        var line = "{\"ts\":" + Self.quoted(record.timestamp)
        line += ",\"level\":" + Self.quoted(record.level.rawValue)
        line += ",\"label\":" + Self.quoted(record.label)
        line += ",\"message\":" + Self.quoted(record.message)
        line += ",\"metadata\":" + Self.encode(.dictionary(record.metadata))
        if let error = record.error { line += ",\"error\":" + Self.quoted(error) }
        sink.write(line: line + "}\n")
    }

    private static func encode(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text):
            quoted(text)
        case .stringConvertible(let convertible):
            quoted(convertible.description)
        case .array(let elements):
            "[" + elements.map(encode).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + encode($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
