public import WardenCore

/// Reads `Authorization: Bearer <key>` and compares the key in constant time.
public enum BearerToken {
    /// Whether `header` carries `key`.
    ///
    /// - Parameters:
    ///   - header: the `Authorization` value; the scheme is matched case-insensitively.
    ///   - key: the gateway's key.
    /// - Returns: `true` only for `Bearer <key>` with the exact key.
    public static func matches(_ header: String, key: Secret) -> Bool {
        let scheme = "bearer "
        guard header.count > scheme.count, header.prefix(scheme.count).lowercased() == scheme else { return false }
        let candidate = header.dropFirst(scheme.count).drop { $0 == " " }
        return key.constantTimeEquals(String(candidate))
    }
}
