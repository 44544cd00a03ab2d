import Logging

/// Formats readable lines for a terminal: `2025-01-31T12:00:00.123Z info warden.review: review posted mr=12`.
///
/// Metadata values print through `description`, so a ``Secret`` prints `<redacted>`. Control characters in
/// messages and values are escaped so one event stays on one line.
enum TextLogLine {
    /// The line for one event, ending in a newline.
    static func render(_ record: LogRecord) -> String {
        var line = "\(record.timestamp) \(record.level.rawValue) \(record.label): \(record.message.escapedForLogLine)"
        for (key, value) in record.metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(Self.rendered(value))"
        }
        if let error = record.error { line += " error=\(Self.quotedIfNeeded(error))" }
        return line + "\n"
    }

    private static func rendered(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): quotedIfNeeded(text)
        case .stringConvertible(let convertible): quotedIfNeeded(convertible.description)
        case .array(let elements): "[" + elements.map(rendered).joined(separator: ",") + "]"
        case .dictionary(let entries):
            "{" + entries.sorted { $0.key < $1.key }.map { "\($0.key)=\(rendered($0.value))" }.joined(separator: ",") + "}"
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
