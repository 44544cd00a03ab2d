import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The headers every dashboard response carries, and the random nonce its stylesheet is allowed by.
struct DashboardResponse {
    /// A fresh nonce for one response's `<style>`.
    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).base64EncodedString()
    }

    /// The strict policy: nothing loads, the nonce'd stylesheet applies, forms post only here, no framing.
    static func contentSecurityPolicy(nonce: String) -> String {
        "default-src 'none'; style-src 'nonce-\(nonce)'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// An HTML page with the security headers.
    static func html(_ body: String, status: HTTPResponse.Status, nonce: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders(nonce: nonce)
        headers[.contentType] = "text/html; charset=utf-8"
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A `303 See Other` to `location` (after a form post) with the security headers.
    static func redirect(to location: String, headers extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders(nonce: nonce())
        headers[.location] = location
        headers.append(contentsOf: extra)
        return Response(status: .seeOther, headers: headers)
    }

    private static func securityHeaders(nonce: String) -> HTTPFields {
        var headers: HTTPFields = [
            .contentSecurityPolicy: contentSecurityPolicy(nonce: nonce),
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ]
        headers[referrerPolicy] = "no-referrer"
        return headers
    }

    /// `Referrer-Policy`, which HTTPTypes does not name.
    static let referrerPolicy = fieldName("Referrer-Policy")
    /// `X-Forwarded-Proto`, set by the TLS-terminating proxy in front of Warden.
    static let forwardedProto = fieldName("X-Forwarded-Proto")

    private static func fieldName(_ literal: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(literal) else { preconditionFailure("\(literal) is a valid field name") }
        return name
    }
}
