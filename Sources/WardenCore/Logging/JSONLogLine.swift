import Logging

/// Formats one JSON object per line: `ts`, `level`, `label`, `message`, `metadata` (and `error` when the event has one).
///
/// Metadata values print through `description`, so a ``Secret`` prints `<redacted>`.
enum JSONLogLine {
    /// The line for one event, ending in a newline.
    static func render(_ record: LogRecord) -> String {
        var line = "{\"ts\":" + Self.quoted(record.timestamp)
        line += ",\"level\":" + Self.quoted(record.level.rawValue)
        line += ",\"label\":" + Self.quoted(record.label)
        line += ",\"message\":" + Self.quoted(record.message)
        line += ",\"metadata\":" + Self.encode(.dictionary(record.metadata))
        if let error = record.error { line += ",\"error\":" + Self.quoted(error) }
        return line + "}\n"
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
