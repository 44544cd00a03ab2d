public import Foundation

/// Why and since when the whole queue is paused.
///
/// Encodes as `{"reason": …, "since": "<ISO 8601>"}`.
public struct PauseState: Sendable, Equatable, Codable {
    /// The operator-facing reason (`GitLab answered 401: re-seed the token`).
    public var reason: String
    /// When the queue was paused.
    public var since: Date

    /// Creates a pause state.
    public init(reason: String, since: Date) {
        self.reason = reason
        self.since = since
    }

    private enum CodingKeys: String, CodingKey {
        case reason, since
    }

    /// Decodes a pause state written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reason = try container.decode(String.self, forKey: .reason)
        since = try ISO8601Timestamp.decode(from: container, forKey: .since)
    }

    /// Encodes the pause state with an ISO 8601 `since`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reason, forKey: .reason)
        try container.encode(ISO8601Timestamp.string(from: since), forKey: .since)
    }
}
