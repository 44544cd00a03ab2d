import Crypto
import Foundation
public import HTTPTypes
public import WardenCore
import WardenHTTP

/// Decides who may see the dashboard and act on it; pure, no I/O, so every rule is tested as a table.
///
/// With a token, a request is let in when it carries `Authorization: Bearer <token>` or the session cookie the
/// login form sets. The cookie holds a random session id and its HMAC under a key derived from the token — never
/// the token itself — so it is checked without server state and every session dies when the token changes.
/// Without a token the dashboard is open only while the server listens on a loopback address.
///
/// Every action is a POST that carries a CSRF token: the HMAC of the session id, compared in constant time.
public struct DashboardAccess: Sendable {
    /// Who a let-in request is.
    public struct Session: Sendable, Equatable {
        /// The session id: random per login, `bearer` for bearer requests, `loopback` without a token.
        public var id: String
    }

    /// What to do with a request.
    public enum Decision: Sendable, Equatable {
        /// Serve it as this session.
        case allow(Session)
        /// No credentials: send the browser to the login form.
        case login
        /// Wrong credentials: 401.
        case unauthorized
        /// No token configured and the server is reachable from other machines: the dashboard is off.
        case disabled
    }

    /// The name of the session cookie.
    public static let cookieName = "warden_dashboard"

    private let token: Secret?
    private let listensOnLoopback: Bool
    private let key: SymmetricKey

    /// Creates the access rules.
    /// - Parameters:
    ///   - token: the dashboard token; `nil` serves the dashboard only on loopback.
    ///   - listenHost: the address the server binds, to tell loopback from the rest.
    public init(token: Secret?, listenHost: String) {
        self.token = token
        self.listensOnLoopback = Self.isLoopback(listenHost)
        if let token {
            // Derived, not the token itself, so no cookie or CSRF value can be turned back into the token.
            self.key = SymmetricKey(data: SHA256.hash(data: Data("warden-dashboard-v1\u{0}\(token.exposedValue)".utf8)))
        } else {
            // Per process: a loopback dashboard's CSRF tokens are good until the server restarts.
            self.key = SymmetricKey(size: .bits256)
        }
    }

    /// Whether `host` names a loopback address (`127.0.0.0/8`, `::1`, `localhost`).
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" { return true }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Decides about a request from its headers.
    public func decide(_ fields: HTTPFields) -> Decision {
        guard let token else { return listensOnLoopback ? .allow(Session(id: "loopback")) : .disabled }
        if fields[.authorization] != nil {
            return SecretCarrier.bearer.carries(token, in: fields) ? .allow(Session(id: "bearer")) : .unauthorized
        }
        guard let cookie = Self.cookie(named: Self.cookieName, in: fields) else { return .login }
        return session(fromCookie: cookie).map(Decision.allow) ?? .login
    }

    /// Whether `candidate` is the configured token (the login form), compared in constant time.
    public func acceptsLogin(_ candidate: String) -> Bool {
        token?.constantTimeEquals(candidate) ?? false
    }

    /// A new session and the cookie value that carries it.
    public func newSession() -> (session: Session, cookieValue: String) {
        let id = Self.hex(SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) })
        return (Session(id: id), "\(id).\(Self.hex(mac("session:\(id)")))")
    }

    /// The CSRF token the forms of `session` carry.
    public func csrfToken(for session: Session) -> String {
        Self.hex(mac("csrf:\(session.id)"))
    }

    /// Whether `candidate` is the CSRF token of `session`, compared in constant time.
    public func acceptsCSRF(_ candidate: String?, for session: Session) -> Bool {
        guard let candidate, let bytes = Self.bytes(fromHex: candidate) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Data("csrf:\(session.id)".utf8), using: key)
    }

    private func session(fromCookie value: String) -> Session? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let code = Self.bytes(fromHex: String(parts[1])) else { return nil }
        let id = String(parts[0])
        guard HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: Data("session:\(id)".utf8), using: key) else { return nil }
        return Session(id: id)
    }

    private func mac(_ message: String) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key))
    }

    /// The value of the cookie `name` among every `Cookie` header.
    static func cookie(named name: String, in fields: HTTPFields) -> String? {
        for header in fields[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    static func hex(_ data: some Sequence<UInt8>) -> String {
        data.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(fromHex text: String) -> Data? {
        guard text.count % 2 == 0, text.count <= 128 else { return nil }
        var data = Data(capacity: text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}
