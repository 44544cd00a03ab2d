import Crypto
import Foundation
public import _CryptoExtras

/// The JSON Web Token a GitHub App authenticates with when it asks for installation tokens (RS256, signed with the
/// App's private key).
///
/// GitHub refuses a JWT that expires more than ten minutes ahead or was issued in the future, so ``issuedAt`` is
/// back-dated a minute against clock drift and the token lives nine minutes from now.
public struct GitHubAppJWT: Sendable, Hashable {
    /// How far ``issuedAt`` lies before now, against clock drift between Warden and GitHub.
    public static let backdating: Int = 60
    /// How long after now the token expires (GitHub allows at most ten minutes).
    public static let lifetime: Int = 9 * 60

    /// The App's id (`iss`).
    public let appID: Int
    /// `iat`, in seconds since 1970.
    public let issuedAt: Int
    /// `exp`, in seconds since 1970.
    public let expiresAt: Int

    /// The claims of a token made at `secondsSince1970`.
    public init(appID: Int, secondsSince1970: Double) {
        let now = Int(secondsSince1970.rounded(.down))
        self.appID = appID
        self.issuedAt = now - Self.backdating
        self.expiresAt = now + Self.lifetime
    }

    /// The compact serialisation `header.claims.signature`, each part base64url without padding.
    ///
    /// - Parameter privateKey: the App's key.
    /// - Throws: when the key cannot sign (CryptoKit's error).
    public func signed(with privateKey: _RSA.Signing.PrivateKey) throws -> String {
        let header = Self.base64URL(Data(#"{"alg":"RS256","typ":"JWT"}"#.utf8))
        let claims = Self.base64URL(Data(#"{"iat":\#(issuedAt),"exp":\#(expiresAt),"iss":\#(appID)}"#.utf8))
        let signingInput = header + "." + claims
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Self.base64URL(signature.rawRepresentation)
    }

    /// Reads an App's private key as GitHub hands it out (PKCS#1 `BEGIN RSA PRIVATE KEY`) or as PKCS#8.
    ///
    /// - Throws: ``GitHubPrivateKeyError`` (never quoting the key) when the text is not an RSA private key in PEM.
    public static func privateKey(pem: String) throws(GitHubPrivateKeyError) -> _RSA.Signing.PrivateKey {
        do {
            return try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } catch {
            throw GitHubPrivateKeyError()
        }
    }

    /// Base64url without padding (RFC 7515 §2).
    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The configured GitHub App key is not an RSA private key in PEM; the message never quotes it.
public struct GitHubPrivateKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Creates the error.
    public init() {}

    public var description: String {
        "github.private_key is not an RSA private key in PEM (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY); download a new key from the App's settings."
    }
}
