/// A value in a TOML document: what a key maps to once the document is parsed.
///
/// Dates and times are not part of Warden's TOML dialect; the parser rejects them with a clear error.
public enum TOMLValue: Sendable, Equatable {
    /// A basic or literal string, single- or multi-line, with escapes resolved.
    case string(String)
    /// A 64-bit signed integer, written in decimal, hexadecimal, octal or binary.
    case integer(Int64)
    /// A 64-bit float, including `inf` and `nan`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An array; TOML 1.0 allows mixed element types.
    case array([TOMLValue])
    /// A table: a `[header]` section, an inline table, or one element of an array of tables.
    case table([String: TOMLValue])

    /// The TOML type name, for error messages ("is a string").
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .array: "an array"
        case .table: "a table"
        }
    }
}
