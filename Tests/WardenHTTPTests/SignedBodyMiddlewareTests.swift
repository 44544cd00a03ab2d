import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WardenHTTP

/// The signed-body check GitHub's webhook route goes through.
@Suite("Signed body middleware")
struct SignedBodyMiddlewareTests {
    static let signature = HTTPField.Name("X-Signature")!

    /// An application whose "signature" is the body's length, and whose route echoes the body it got.
    static func application() -> some ApplicationProtocol {
        let router = Router()
        router.group()
            .add(
                middleware: SignedBodyMiddleware(
                    maxBodyBytes: 16,
                    verify: { headers, body in headers[signature] == String(body.readableBytes) },
                    tooLarge: { _ in JSONError(.contentTooLarge, "too large") },
                    refusal: { _ in JSONError(.unauthorized, "bad signature") }
                )
            )
            .post("/hook") { request, _ -> String in
                String(buffer: try await request.body.collect(upTo: 1024))
            }
        return Application(router: router)
    }

    @Test(
        "refuses a missing or wrong signature before the route, refuses a body over the limit, and passes the same bytes on",
        arguments: [
            (body: "hello", signature: "5", status: HTTPResponse.Status.ok, answer: "hello"),
            (body: "hello", signature: "4", status: .unauthorized, answer: #"{"error":"bad signature"}"#),
            (body: "hello", signature: nil, status: .unauthorized, answer: #"{"error":"bad signature"}"#),
            (body: "", signature: "0", status: .ok, answer: ""),
            (body: "0123456789abcdefX", signature: "17", status: .contentTooLarge, answer: #"{"error":"too large"}"#),
        ] as [(body: String, signature: String?, status: HTTPResponse.Status, answer: String)]
    )
    func checks(_ row: (body: String, signature: String?, status: HTTPResponse.Status, answer: String)) async throws {
        try await Self.application().test(.router) { client in
            var headers: HTTPFields = [:]
            if let signature = row.signature { headers[Self.signature] = signature }
            try await client.execute(uri: "/hook", method: .post, headers: headers, body: ByteBuffer(string: row.body)) { response in
                #expect(response.status == row.status)
                #expect(String(buffer: response.body) == row.answer)
            }
        }
    }
}
