import Foundation

/// The JSON both forge clients send and read, with errors that name the call.
enum ForgeHTTP {
    /// A request body as JSON.
    /// - Throws: ``ForgeError/decoding(operation:reason:)`` naming `operation`.
    static func encode(_ body: some Encodable, operation: String) throws -> Data {
        do {
            return try JSONEncoder().encode(body)
        } catch {
            throw ForgeError.decoding(operation: operation, reason: "the request body could not be encoded: \(error)")
        }
    }

    /// An answer read as `type`.
    /// - Throws: ``ForgeError/decoding(operation:reason:)`` naming `operation` and where the JSON was wrong.
    static func decode<Payload: Decodable>(_ type: Payload.Type, from body: Data, operation: String) throws -> Payload {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw ForgeError.decoding(operation: operation, reason: describe(error))
        }
    }

    /// A decoding error as a short phrase: what was wrong, and where.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context)).\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "unexpected value at \(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context): return "invalid JSON at \(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
