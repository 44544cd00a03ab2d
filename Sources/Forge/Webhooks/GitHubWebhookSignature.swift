import Crypto
public import Foundation
public import WardenCore

/// Checks GitHub's `X-Hub-Signature-256` header: `sha256=<hex HMAC-SHA256(webhook secret, raw body)>`.
///
/// It runs over the raw bytes before any JSON parsing, and the comparison takes the same time wherever the codes
/// first differ (CryptoKit's `isValidAuthenticationCode`), so a caller cannot learn a valid signature byte by byte.
public enum GitHubWebhookSignature {
    /// The header's name.
    public static let headerName = "X-Hub-Signature-256"

    /// Whether `header` is the signature of `body` under `secret`; `false` for a missing or malformed header.
    public static func isValid(_ header: String?, body: some DataProtocol, secret: Secret) -> Bool {
        guard let header, let code = code(in: header) else { return false }
        let key = SymmetricKey(data: Data(secret.exposedValue.utf8))
        return HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: body, using: key)
    }

    /// The header value for `body` under `secret`, as GitHub would send it (for test deliveries and benchmarks).
    public static func header(for body: some DataProtocol, secret: Secret) -> String {
        let key = SymmetricKey(data: Data(secret.exposedValue.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + code.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The 32 bytes of a `sha256=<64 hex digits>` value, or `nil`.
    private static func code(in header: String) -> [UInt8]? {
        let prefix = "sha256="
        guard header.hasPrefix(prefix) else { return nil }
        let hex = Array(header.utf8.dropFirst(prefix.utf8.count))
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index < hex.count {
            guard let high = nibble(hex[index]), let low = nibble(hex[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
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
