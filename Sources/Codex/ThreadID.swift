/// A Codex thread id: always a UUID in its canonical textual form.
///
/// `codex exec resume <name>` with a name that is not an existing thread silently starts a new
/// thread, so Warden only ever resumes by a value of this type, checked before anything is spawned.
public struct ThreadID: Sendable, Hashable, CustomStringConvertible, Codable {
    /// The id as codex prints it (lower-case hexadecimal, `8-4-4-4-12`).
    public let rawValue: String

    /// Accepts `text` only if it is a UUID (`8-4-4-4-12` hexadecimal digits, either case).
    ///
    /// - Parameter text: a thread id from codex or from the store.
    /// - Returns: `nil` for anything else, including surrounding whitespace.
    public init?(_ text: String) {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.utf8.count) == [8, 4, 4, 4, 12],
            groups.allSatisfy({ $0.unicodeScalars.allSatisfy(\.properties.isASCIIHexDigit) })
        else { return nil }
        self.rawValue = text.lowercased()
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ThreadID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "thread id is not a UUID")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
