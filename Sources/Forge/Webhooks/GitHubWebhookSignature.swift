import Crypto
public import Foundation
public import WardenCore

/// Checks GitHub's `X-Hub-Signature-256` header: `sha256=<hex HMAC-SHA256(webhook secret, raw body)>`.
///
/// It runs over the raw bytes before any JSON parsing, and the comparison takes the same time wherever the codes
/// first differ (CryptoKit's `isValidAuthenticationCode`), so a caller cannot learn a valid signature byte by byte.
/// A receiver keeps one ``Verifier`` (the key derived once) and hands it the body's bytes where they lie, uncopied.
public enum GitHubWebhookSignature {
    /// The header's name.
    public static let headerName = "X-Hub-Signature-256"

    /// Checks signatures under one secret.
    public struct Verifier: Sendable {
        private let key: SymmetricKey

        /// A verifier for `secret`.
        public init(secret: Secret) {
            key = SymmetricKey(data: Data(secret.exposedValue.utf8))
        }

        /// Whether `header` is the signature of `body`; `false` for a missing or malformed header.
        public func isValid(_ header: String?, body: some DataProtocol) -> Bool {
            guard let header, let code = GitHubWebhookSignature.code(in: header) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: key)
        }

        /// The header value for `body`, as GitHub would send it.
        public func header(for body: some DataProtocol) -> String {
            let code = HMAC<SHA256>.authenticationCode(for: body, using: key)
            return code.withUnsafeBytes { bytes in
                "sha256=" + String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                    for (index, byte) in bytes.enumerated() {
                        text[2 * index] = GitHubWebhookSignature.hexDigits[Int(byte >> 4)]
                        text[2 * index + 1] = GitHubWebhookSignature.hexDigits[Int(byte & 0x0F)]
                    }
                    return bytes.count * 2
                }
            }
        }
    }

    /// Whether `header` is the signature of `body` under `secret`; `false` for a missing or malformed header.
    public static func isValid(_ header: String?, body: some DataProtocol, secret: Secret) -> Bool {
        Verifier(secret: secret).isValid(header, body: body)
    }

    /// The header value for `body` under `secret`, as GitHub would send it (for test deliveries and benchmarks).
    public static func header(for body: some DataProtocol, secret: Secret) -> String {
        Verifier(secret: secret).header(for: body)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let prefix: [UInt8] = Array("sha256=".utf8)

    /// The 32 bytes of a `sha256=<64 hex digits>` value, or `nil`.
    private static func code(in header: String) -> [UInt8]? {
        var header = header
        return header.withUTF8 { text -> [UInt8]? in
            guard text.count == prefix.count + 64, text.starts(with: prefix) else { return nil }
            var bytes = [UInt8](repeating: 0, count: 32)
            for index in 0..<32 {
                guard let high = nibble(text[prefix.count + 2 * index]), let low = nibble(text[prefix.count + 2 * index + 1]) else { return nil }
                bytes[index] = high << 4 | low
            }
            return bytes
        }
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
