import Foundation
import HTTPTypes
import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import Subprocess
import SystemPackage
public import WardenCore

/// Serves the bare repositories under a directory over git's smart HTTP protocol, behind token
/// authentication, so tests clone, fetch and push with real credentials.
///
/// Each request runs `git http-backend` as a CGI program (no shell): the request body streams into
/// its standard input, its `Status:` and other headers become the response head, and the rest of
/// its output streams out as the body. A request is served only with `Authorization: Basic` whose
/// password is the configured token (or whose user and password a check accepts); anything else gets `401` with `WWW-Authenticate: Basic
/// realm="git"`. Pushes are enabled. Every request is recorded, without its credential, with the
/// number of `want` and `have` lines of its negotiation (read from git's packet trace), so a test
/// can tell a fetch from a clone.
///
/// ```swift
/// let server = GitHTTPServer(root: directory, token: Secret("t0ken"))
/// let port = try await server.start()
/// let url = await server.url(for: "acme/app.git")
/// ```
public actor GitHTTPServer {
    /// The largest request body read (a push of a test repository is far smaller).
    static let maximumRequestBody = 256 * 1024 * 1024

    /// The directory whose bare repositories are served (`GIT_PROJECT_ROOT`).
    public nonisolated let root: String
    /// Whether a basic-authentication user and password may use the server.
    private nonisolated let authorize: @Sendable (_ user: String, _ password: String) async -> Bool
    private var recorded: [RecordedGitRequest] = []
    private var inFlight = 0
    private var server: LoopbackServer?
    private let logger: Logger

    /// A server for the repositories under `root`.
    /// - Parameters:
    ///   - root: the directory served; ``TestRepository`` creates repositories in it.
    ///   - token: the accepted token.
    ///   - logger: where Hummingbird logs; warnings and errors only by default.
    public init(root: String, token: Secret, logger: Logger? = nil) {
        self.init(root: root, authorize: { _, password in token.constantTimeEquals(password) }, logger: logger)
    }

    /// A server for the repositories under `root` whose credentials `authorize` judges, for tokens that change
    /// (a fake GitHub's installation tokens, with the user `x-access-token`).
    /// - Parameters:
    ///   - root: the directory served.
    ///   - authorize: whether a basic-authentication user and password may use the server.
    ///   - logger: where Hummingbird logs; warnings and errors only by default.
    public init(root: String, authorize: @escaping @Sendable (_ user: String, _ password: String) async -> Bool, logger: Logger? = nil) {
        self.root = root
        self.authorize = authorize
        if let logger {
            self.logger = logger
        } else {
            var logger = Logger(label: "warden.test.git-http")
            logger.logLevel = .warning
            self.logger = logger
        }
    }

    /// The port, or `nil` when the server is not running.
    public var port: Int? { server?.port }

    /// The clone URL of a repository under the root, without credentials.
    /// - Parameter repository: its path relative to the root (`acme/app.git`).
    /// - Throws: ``TestSupportError`` when the server is not running.
    public func url(for repository: String) throws -> String {
        guard let port = server?.port else { throw TestSupportError.serverNotRunning() }
        return "http://127.0.0.1:\(port)/\(repository)"
    }

    /// Every request received so far, in order of arrival, once those still being answered have finished.
    public func requests() async -> [RecordedGitRequest] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(10))
        while inFlight > 0, clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return recorded
    }

    /// Forgets the requests recorded so far.
    public func clearRequests() {
        recorded.removeAll()
    }

    /// Starts listening on 127.0.0.1 at a port the system picks.
    /// - Returns: the port; the same port when already running.
    /// - Throws: ``TestSupportError`` when the server cannot bind.
    public func start() async throws -> Int {
        if let server { return server.port }
        let server = try await LoopbackServer.start(logger: logger) { [self] request in try await self.respond(to: request) }
        self.server = server
        return server.port
    }

    /// Stops the server gracefully. Recorded requests stay.
    public func stop() async {
        guard let server else { return }
        await server.stop()
        self.server = nil
    }

    // MARK: Serving

    private func begin() { inFlight += 1 }

    private func finish(_ request: RecordedGitRequest) {
        recorded.append(request)
        inFlight -= 1
    }

    /// The user name of a request whose basic-authentication credentials are accepted, or `nil`.
    private nonisolated func authenticatedUser(_ request: Request) async -> String? {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst("basic ".count)).trimmingCharacters(in: .whitespaces)),
            let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":")
        else { return nil }
        let user = String(pair[..<colon])
        return await authorize(user, String(pair[pair.index(after: colon)...])) ? user : nil
    }

    private nonisolated func respond(to request: Request) async throws -> Response {
        await begin()
        let method = request.method.rawValue
        let path = request.uri.path
        let query = request.uri.query
        guard let user = await authenticatedUser(request) else {
            await finish(RecordedGitRequest(method: method, path: path, query: query, user: nil, status: 401, wants: 0, haves: 0, responseBytes: 0))
            return Response(
                status: .unauthorized,
                headers: [.wwwAuthenticate: "Basic realm=\"git\"", .contentType: "text/plain"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "Unauthorized\n"))
            )
        }

        var environment: [String: String] = [
            "GIT_PROJECT_ROOT": root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REQUEST_METHOD": method,
            "PATH_INFO": path.removingPercentEncoding ?? path,
            "QUERY_STRING": query ?? "",
            "REMOTE_USER": user,
            "REMOTE_ADDR": "127.0.0.1",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": root,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": "http.receivepack",
            "GIT_CONFIG_VALUE_0": "true",
            // The packet trace (on standard error) tells a fetch (`have` lines) from a clone.
            "GIT_TRACE_PACKET": "2",
        ]
        if let contentType = request.headers[.contentType] { environment["CONTENT_TYPE"] = contentType }
        if let length = request.headers[.contentLength] { environment["CONTENT_LENGTH"] = length }
        if let encoding = request.headers[.contentEncoding] { environment["HTTP_CONTENT_ENCODING"] = encoding }
        if let name = HTTPField.Name("Git-Protocol"), let version = request.headers[name] { environment["HTTP_GIT_PROTOCOL"] = version }

        let (heads, headContinuation) = AsyncThrowingStream<CGIResponseHead, any Error>.makeStream()
        let (chunks, chunkContinuation) = AsyncThrowingStream<ByteBuffer, any Error>.makeStream()
        // The whole request body is read before the backend starts: were it still being read when the handler returns
        // the response head (git answers as soon as it has read Content-Length bytes), Hummingbird would drain the
        // same body from a second iterator, which NIO forbids (a crash, seen in a remediation push).
        let requestBody: ByteBuffer
        do {
            requestBody = try await request.body.collect(upTo: Self.maximumRequestBody)
        } catch {
            return Response(status: .contentTooLarge, body: ResponseBody(byteBuffer: ByteBuffer(string: "request body too large\n")))
        }
        // The backend must keep running after the head is returned, while Hummingbird writes the
        // body; it ends on its own when git exits, and records the request then.
        Task {
            let outcome = await CGIBackend.run(environment: environment, body: requestBody, heads: headContinuation, chunks: chunkContinuation)
            await self.finish(
                RecordedGitRequest(
                    method: method,
                    path: path,
                    query: query,
                    user: user,
                    status: outcome.status,
                    wants: outcome.wants,
                    haves: outcome.haves,
                    responseBytes: outcome.responseBytes
                )
            )
        }
        var iterator = heads.makeAsyncIterator()
        guard let head = try await iterator.next() else {
            return Response(status: .badGateway, body: ResponseBody(byteBuffer: ByteBuffer(string: "git http-backend wrote no headers\n")))
        }
        var fields = HTTPFields()
        for field in head.fields {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        let body = ResponseBody { writer in
            for try await chunk in chunks {
                try await writer.write(chunk)
            }
            try await writer.finish(nil)
        }
        return Response(status: HTTPResponse.Status(code: head.status), headers: fields, body: body)
    }
}
