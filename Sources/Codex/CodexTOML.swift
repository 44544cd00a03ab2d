/// The one place where values for codex's `-c key=value` overrides are written as TOML.
///
/// codex parses the text after `=` as TOML and, when that fails, silently takes it as a literal
/// string — so a value that is not encoded here could change meaning (a `"` or `]` in a branch
/// name closing a table early). Every `-c` value Warden passes goes through ``encode(_:)``.
public enum CodexTOML {
    /// A TOML value that can appear on the right of a `-c` override.
    public enum Value: Sendable, Equatable {
        /// A basic (double-quoted) string.
        case string(String)
        /// `true` or `false`.
        case bool(Bool)
        /// A decimal integer.
        case integer(Int)
        /// An array of values, written inline.
        case array([Value])
        /// An inline table; keys are written in the given order, each as one key (a `.` in it does not nest).
        case table([(key: String, value: Value)])

        public static func == (lhs: Value, rhs: Value) -> Bool {
            CodexTOML.encode(lhs) == CodexTOML.encode(rhs)
        }
    }

    /// Writes a value as TOML.
    ///
    /// - Parameter value: the value to write.
    /// - Returns: TOML text for the right-hand side of `key=value`.
    public static func encode(_ value: Value) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .array(let elements): return "[" + elements.map(encode).joined(separator: ",") + "]"
        case .table(let entries):
            return "{" + entries.map { key(path: [$0.key]) + "=" + encode($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// Writes a string as a TOML basic string.
    ///
    /// Backslash and double quote are escaped; newline, tab and the other control characters are
    /// written as escapes; NUL is dropped, because argv entries are C strings and could not carry it.
    /// - Parameter text: any string, including hostile ones.
    /// - Returns: the string in double quotes.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\0": continue
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case "\u{8}": result += "\\b"
            case "\u{C}": result += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Writes a dotted key (`model_providers.warden.base_url`), quoting every segment that is not
    /// a TOML bare key.
    ///
    /// - Parameter dotted: segments separated by `.`.
    /// - Returns: the key as TOML.
    public static func key(_ dotted: String) -> String {
        key(path: dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
    }

    /// Writes a key from its segments, quoting every segment that is not a TOML bare key, so a
    /// segment that contains a `.` stays one segment.
    ///
    /// - Parameter path: the key's segments, outermost first.
    /// - Returns: the key as TOML.
    public static func key(path: [String]) -> String {
        path.map { segment in
            let isBare = !segment.isEmpty && segment.unicodeScalars.allSatisfy(isBareKeyScalar)
            return isBare ? segment : quoted(segment)
        }.joined(separator: ".")
    }

    /// One `-c` override: `key=value` with both sides encoded.
    ///
    /// - Parameters:
    ///   - key: a dotted configuration key.
    ///   - value: its value.
    /// - Returns: the argument that follows `-c`.
    public static func override(_ key: String, _ value: Value) -> String {
        self.key(key) + "=" + encode(value)
    }

    /// One `-c` override whose key is given as segments.
    ///
    /// - Parameters:
    ///   - path: the key's segments, outermost first.
    ///   - value: its value.
    /// - Returns: the argument that follows `-c`.
    public static func override(path: [String], _ value: Value) -> String {
        key(path: path) + "=" + encode(value)
    }

    private static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }
}
