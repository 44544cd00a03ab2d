import Foundation

/// ISO 8601 text for timestamps in our JSON, independent of a `JSONEncoder`'s date strategy.
enum ISO8601Timestamp {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()

    /// `2026-11-22T02:48:06.123Z`.
    static func string(from date: Date) -> String {
        withFraction.format(date)
    }

    /// Parses a timestamp with or without fractional seconds.
    static func date(from text: String) -> Date? {
        (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }

    /// Decodes a required timestamp, failing with a `DecodingError` that names the key.
    static func decode<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> Date {
        let text = try container.decode(String.self, forKey: key)
        guard let date = date(from: text) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not an ISO 8601 timestamp")
        }
        return date
    }

    /// Decodes an optional timestamp; an absent key or `null` is `nil`.
    static func decodeIfPresent<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, forKey key: Key) throws -> Date? {
        guard container.contains(key), try !container.decodeNil(forKey: key) else { return nil }
        return try decode(from: container, forKey: key)
    }
}
