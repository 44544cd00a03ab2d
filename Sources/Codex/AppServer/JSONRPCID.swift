/// The id of a JSON-RPC request: a number or a string, as the sender chose.
///
/// Warden numbers its own requests; the app-server numbers the requests it sends to Warden
/// (approvals) with a counter of its own, so the two id spaces overlap and are kept apart by
/// message kind, never compared across.
public enum JSONRPCID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A numeric id.
    case number(Int)
    /// A string id.
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }

    public var description: String {
        switch self {
        case .number(let number): "\(number)"
        case .string(let text): text
        }
    }
}
