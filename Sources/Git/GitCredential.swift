import Foundation
public import WardenCore

/// How a forge token reaches one git command: as an HTTP `Authorization` header, for that command only.
///
/// GitLab accepts a token as the password of HTTP basic authentication with the user `oauth2`.
/// The header is handed to git through `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_0`/`GIT_CONFIG_VALUE_0`
/// (equivalent to `-c http.extraHeader=…`, which git itself forwards to its helpers in the
/// environment): the remote URL stays free of credentials, `credential.helper` is emptied so
/// nothing is ever stored, and — unlike an argv entry, which `/proc/<pid>/cmdline` shows to every
/// user of the machine — the process environment is readable only by the same user.
public struct GitCredential: Sendable {
    /// The user name sent with the token (GitLab: `oauth2`; GitHub: `x-access-token`).
    public let username: String
    /// The token.
    public let token: Secret

    /// A token for HTTP basic authentication.
    /// - Parameters:
    ///   - token: the forge token.
    ///   - username: the user name paired with it; `oauth2` by default, as GitLab expects.
    public init(token: Secret, username: String = "oauth2") {
        self.token = token
        self.username = username
    }

    /// The base64 form of `username:token`.
    var encodedPair: String {
        Data("\(username):\(token.exposedValue)".utf8).base64EncodedString()
    }

    /// The `http.extraHeader` value.
    var headerValue: String { "Authorization: Basic \(encodedPair)" }

    /// Every form in which the token could appear in git's output or an error message.
    var redactions: [String] { [headerValue, encodedPair, token.exposedValue] }
}
