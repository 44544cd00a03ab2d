import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Testing
import WardenTestSupport

/// `warden responses-proxy` as a process: the built binary, its key on standard input, the scripted model server
/// as the upstream.
@Suite("warden responses-proxy")
struct ResponsesProxyTests {
    static let key = "sk-proxy-test-KEY_0123456789abcdef"

    @Test("forwards POST /v1/responses with the stdin key, the upstream's Host and the client's other headers")
    func forwardsWithKeyAndHost() async throws {
        let server = ScriptedModelServer(script: [.message("Hello through the proxy.")])
        let upstreamPort = try await server.start()
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort)
        defer { proxy.stop() }

        var request = HTTPClientRequest(url: "http://127.0.0.1:\(proxy.port)/v1/responses")
        request.method = .POST
        request.headers.add(name: "authorization", value: "Bearer client-side-key")
        request.headers.add(name: "x-custom-header", value: "abc")
        request.headers.add(name: "openai-organization", value: "org-1")
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"model":"gpt-5.5","input":[]}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        await server.stop()

        #expect(response.status.code == 200)
        #expect(response.headers.first(name: "content-type") == "text/event-stream")
        #expect(body.contains("Hello through the proxy."))
        let seen = try #require(await server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.path == "/v1/responses")
        #expect(seen.header("authorization") == "Bearer \(Self.key)")
        #expect(seen.header("x-custom-header") == "abc")
        #expect(seen.header("openai-organization") == "org-1")
        #expect(seen.body == Data(#"{"model":"gpt-5.5","input":[]}"#.utf8))
        #expect(!proxy.standardError.contains(Self.key))
    }

    @Test("sends upstream exactly: POST to the upstream path, Host of the upstream URL, the stdin key, no client credentials")
    func rawUpstreamHead() async throws {
        let upstream = try RecordingUpstream()
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstream.port)
        defer { proxy.stop() }
        let response = try rawExchange(
            port: proxy.port,
            request: "POST /v1/responses HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer client-side-key\r\n"
                + "Connection: close\r\nX-Custom-Header: abc\r\nContent-Length: 2\r\n\r\n{}"
        )
        #expect(statusCode(of: response) == 200)
        let request = try #require(try await upstream.waitForRequest())
        let lines = request.components(separatedBy: "\r\n")
        #expect(lines.first == "POST /v1/responses HTTP/1.1")
        #expect(lines.contains("Host: 127.0.0.1:\(upstream.port)"))
        #expect(lines.contains("Authorization: Bearer \(Self.key)"))
        #expect(lines.contains("X-Custom-Header: abc"))
        #expect(lines.contains("Content-Length: 2"))
        #expect(!lines.contains("Connection: close"), "the upstream connection is kept for reuse")
        #expect(!request.contains("evil.example"))
        #expect(!request.contains("client-side-key"))
        #expect(request.hasSuffix("\r\n\r\n{}"))
    }

    static let refused: [(name: String, request: String)] = [
        ("GET /v1/responses", "GET /v1/responses HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("query string", "POST /v1/responses?stream=true HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"),
        ("trailing slash", "POST /v1/responses/ HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"),
        ("other path", "POST /responses HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"),
        ("chat completions", "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"),
        ("models", "GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("absolute-form target", "POST http://127.0.0.1/v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"),
        (
            "WebSocket upgrade",
            "GET /v1/responses HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
        ),
        ("upgrade on the forwarded route", "POST /v1/responses HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: h2c\r\nContent-Length: 2\r\n\r\n{}"),
        ("shutdown without --http-shutdown", "GET /shutdown HTTP/1.1\r\nHost: x\r\n\r\n"),
    ]

    @Test("answers 403 with an empty body to everything but POST /v1/responses, and forwards none of it")
    func routeMatrix() async throws {
        let server = ScriptedModelServer()
        let upstreamPort = try await server.start()
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort)
        defer { proxy.stop() }
        for row in Self.refused {
            let response = try rawExchange(port: proxy.port, request: row.request)
            #expect(statusCode(of: response) == 403, "\(row.name)")
            #expect(response.lowercased().contains("content-length: 0"), "\(row.name)")
        }
        #expect(await server.requests.isEmpty)
        await server.stop()
    }

    @Test("writes server info once listening and exits 0 on GET /shutdown with --http-shutdown")
    func serverInfoAndShutdown() async throws {
        let server = ScriptedModelServer()
        let upstreamPort = try await server.start()
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort, arguments: ["--http-shutdown"])
        defer { proxy.stop() }
        let info = try String(contentsOfFile: proxy.directory + "/info/server.json", encoding: .utf8)
        #expect(info == "{\"port\":\(proxy.port),\"pid\":\(proxy.process.processIdentifier)}\n")

        let response = try rawExchange(port: proxy.port, request: "GET /shutdown HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(statusCode(of: response) == 200)
        #expect(try await proxy.waitForExit() == 0)
        await server.stop()
    }

    @Test("streams a slow SSE response event by event instead of buffering it")
    func streamsEventByEvent() async throws {
        let server = ScriptedModelServer(script: [.message("one two three four five six", deltas: 6).with(delayMs: 300)])
        let upstreamPort = try await server.start()
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort)
        defer { proxy.stop() }

        var request = HTTPClientRequest(url: "http://127.0.0.1:\(proxy.port)/v1/responses")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "{}"))
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        var pending = ""
        var arrivals: [Duration] = []
        for try await chunk in response.body {
            pending += String(buffer: chunk)
            while let end = pending.range(of: "\n\n") {
                arrivals.append(clock.now - start)
                pending = String(pending[end.upperBound...])
            }
        }
        await server.stop()

        // created, item added, 6 deltas, item done, completed: 10 events, sent 300 ms apart (2.7 s in all).
        #expect(arrivals.count == 10)
        let first = try #require(arrivals.first)
        let last = try #require(arrivals.last)
        // The model server sends the last event 2.7 s after the first; a buffering proxy delivers them together.
        #expect(last - first > .milliseconds(1_800))
        let distinctArrivals = Set(arrivals.map { Int($0 / .milliseconds(100)) })
        #expect(distinctArrivals.count >= 8)
    }

    @Test("mirrors upstream errors with their status, headers and body")
    func mirrorsUpstreamErrors() async throws {
        let server = ScriptedModelServer(script: [.httpError(status: 429, headers: ["retry-after": "7"], body: #"{"error":{"message":"slow down"}}"#)])
        let upstreamPort = try await server.start()
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort)
        defer { proxy.stop() }
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(proxy.port)/v1/responses")
        request.method = .POST
        request.body = .bytes(ByteBuffer(string: "{}"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        await server.stop()
        #expect(response.status.code == 429)
        #expect(response.headers.first(name: "retry-after") == "7")
        #expect(body == #"{"error":{"message":"slow down"}}"#)
    }

    @Test("answers 502 with an OpenAI-shaped JSON error when the upstream is unreachable")
    func unreachableUpstream() async throws {
        let server = ScriptedModelServer()
        let upstreamPort = try await server.start()
        await server.stop()  // nothing listens on that port any more
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort)
        defer { proxy.stop() }
        let response = try rawExchange(port: proxy.port, request: "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        #expect(statusCode(of: response) == 502)
        #expect(response.contains(#""type":"proxy_error""#))
        #expect(response.contains(#""code":"upstream_unreachable""#))
        #expect(!proxy.standardError.contains(Self.key))
    }

    @Test("answers 504 when the upstream stays silent past --idle-timeout")
    func idleUpstream() async throws {
        let server = ScriptedModelServer(script: [.message("late").with(firstByteMs: 5_000)])
        let upstreamPort = try await server.start()
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort, arguments: ["--idle-timeout", "0.5"])
        defer { proxy.stop() }
        let response = try rawExchange(port: proxy.port, request: "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
        await server.stop()
        #expect(statusCode(of: response) == 504)
        #expect(response.contains(#""code":"upstream_timeout""#))
    }

    @Test("answers 413 to a body over --max-body-bytes, declared or streamed, without forwarding it")
    func bodyLimit() async throws {
        let server = ScriptedModelServer()
        let upstreamPort = try await server.start()
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort, arguments: ["--max-body-bytes", "16"])
        defer { proxy.stop() }
        let declared = try rawExchange(
            port: proxy.port,
            request: "POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Length: 32\r\n\r\n" + String(repeating: "x", count: 32)
        )
        #expect(statusCode(of: declared) == 413)
        #expect(declared.contains(#""code":"request_too_large""#))
        let chunk = String(repeating: "y", count: 20)
        let streamed = try rawExchange(
            port: proxy.port,
            request: "POST /v1/responses HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n\(chunk)\r\n0\r\n\r\n"
        )
        #expect(statusCode(of: streamed) == 413)
        #expect(await server.requests.filter { $0.body.count > 16 }.isEmpty)
        await server.stop()
    }

    @Test("writes request and response dumps with Authorization redacted")
    func dumps() async throws {
        let server = ScriptedModelServer(script: [.message("dumped")])
        let upstreamPort = try await server.start()
        let dumpDirectory = try ProxyProcess.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: dumpDirectory) }
        let proxy = try await ProxyProcess.start(key: Self.key, upstreamPort: upstreamPort, arguments: ["--dump-dir", dumpDirectory])
        defer { proxy.stop() }
        let response = try rawExchange(
            port: proxy.port,
            request: "POST /v1/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer client\r\nConnection: close\r\nContent-Length: 11\r\n\r\n{\"a\":\"b c\"}"
        )
        await server.stop()
        #expect(statusCode(of: response) == 200)
        let names = try FileManager.default.contentsOfDirectory(atPath: dumpDirectory).sorted()
        #expect(names.count == 2)
        let requestName = try #require(names.first { $0.hasSuffix("-request.json") })
        let responseName = try #require(names.first { $0.hasSuffix("-response.json") })
        #expect(requestName.hasPrefix("000001-"))
        let requestDump = try #require(FileManager.default.contents(atPath: dumpDirectory + "/" + requestName))
        let responseDump = try #require(FileManager.default.contents(atPath: dumpDirectory + "/" + responseName))
        let requestObject = try #require(try JSONSerialization.jsonObject(with: requestDump) as? [String: Any])
        #expect(requestObject["method"] as? String == "POST")
        #expect((requestObject["body"] as? [String: Any])?["a"] as? String == "b c")
        let headers = try #require(requestObject["headers"] as? [[String: String]])
        #expect(headers.contains { $0["name"] == "authorization" && $0["value"] == "[REDACTED]" })
        let responseObject = try #require(try JSONSerialization.jsonObject(with: responseDump) as? [String: Any])
        #expect(responseObject["status"] as? Int == 200)
        #expect((responseObject["body"] as? String)?.contains("dumped") == true)
        #expect(!String(decoding: requestDump + responseDump, as: UTF8.self).contains(Self.key))
        #expect(!String(decoding: requestDump, as: UTF8.self).contains("client"))
    }

    static let badKeys: [(name: String, input: Data, message: String)] = [
        ("empty input", Data(), "Error: API key must be provided via stdin (e.g. printenv OPENAI_API_KEY | warden responses-proxy)"),
        ("only a newline", Data("\r\n".utf8), "Error: API key must be provided via stdin (e.g. printenv OPENAI_API_KEY | warden responses-proxy)"),
        ("a space in the key", Data("sk-abc def\n".utf8), "Error: API key may only contain ASCII letters, numbers, '-' or '_'"),
        ("non-ASCII", Data("sk-äbc\n".utf8), "Error: API key may only contain ASCII letters, numbers, '-' or '_'"),
        ("too large", Data(String(repeating: "k", count: 2_000).utf8), "Error: API key is too large to fit in the 1024-byte buffer"),
    ]

    @Test("refuses bad keys with upstream's messages and a non-zero exit", arguments: badKeys)
    func badKey(_ row: (name: String, input: Data, message: String)) async throws {
        let run = try await runProxyToCompletion(input: row.input)
        #expect(run.status != 0, "\(row.name)")
        #expect(run.standardError.trimmingCharacters(in: .whitespacesAndNewlines) == row.message, "\(row.name)")
    }
}
