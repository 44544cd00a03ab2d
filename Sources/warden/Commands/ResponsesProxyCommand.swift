import ArgumentParser
import Foundation
import Hardening
import Logging
import ResponsesProxy
import WardenCore

/// `warden responses-proxy`: upstream's `codex responses-api-proxy` with hardening, limits and unbuffered streaming.
///
/// The API key comes on standard input (`printenv OPENAI_API_KEY | env -u OPENAI_API_KEY warden responses-proxy`),
/// never from arguments or the environment, and stays in locked memory; Codex is pointed at
/// `http://127.0.0.1:<port>/v1` with a provider that has no `env_key`.
struct ResponsesProxyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses-proxy",
        abstract: "Key-injecting POST /v1/responses forwarder; the API key is read from standard input."
    )

    @Option(help: "Port to listen on (127.0.0.1). If not set, an ephemeral port is used.") var port: Int?
    @Option(help: "Path of a JSON file to write startup info to (single line): {\"port\":…,\"pid\":…}.") var serverInfo: String?
    @Flag(help: "Enable the HTTP shutdown endpoint at GET /shutdown.") var httpShutdown = false
    @Option(help: "Upstream URL that POST /v1/responses is forwarded to.") var upstreamURL = UpstreamEndpoint.openAI
    @Option(help: "Directory where request/response dumps are written as JSON.") var dumpDir: String?
    @Option(help: "Seconds to wait for the upstream connection before answering 504.") var connectTimeout = 10.0
    @Option(help: "Seconds the upstream may stay silent before the request is given up (504 before the response head).")
    var idleTimeout = 300.0
    @Option(help: "Largest request body forwarded, in bytes; larger ones get 413.") var maxBodyBytes = 64 * 1024 * 1024

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be 0…65535") }
        guard connectTimeout > 0, idleTimeout > 0 else { throw ValidationError("timeouts must be positive") }
        guard maxBodyBytes > 0 else { throw ValidationError("--max-body-bytes must be positive") }
        do {
            _ = try UpstreamEndpoint(url: upstreamURL)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        // First, before the key exists and before any thread of ours starts: no core dumps, no ptrace, no
        // readable /proc/<pid>/environ or mem for other processes of this user, no LD_* for anything spawned.
        do {
            try ProcessHardening.applyPreMain()
        } catch {
            FileHandle.standardError.write(Data("ERROR: \(error)\n".utf8))
            throw ExitCode(error.exitStatus)
        }
        let authorization: LockedSecretBuffer
        do {
            authorization = try KeyIntake.readBearerHeaderValue(commandName: "warden responses-proxy")
        } catch {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        LoggingBootstrap.bootstrap(LogSettings(format: .text, level: .info))
        let logger = Logger(label: "warden.responses-proxy")
        if !authorization.isLocked {
            logger.warning("mlock failed for the API key (RLIMIT_MEMLOCK too small?); it may be swapped out")
        }
        let configuration = ResponsesProxyConfiguration(
            port: port ?? 0,
            upstream: try UpstreamEndpoint(url: upstreamURL),
            httpShutdown: httpShutdown,
            dumpDirectory: dumpDir,
            connectTimeout: .milliseconds(Int64(connectTimeout * 1000)),
            idleTimeout: .milliseconds(Int64(idleTimeout * 1000)),
            maxRequestBodyBytes: maxBodyBytes
        )
        let server = try ResponsesProxyServer(configuration: configuration, authorization: authorization, logger: logger)
        let serverInfo = self.serverInfo
        do {
            try await server.run { port in
                if let serverInfo {
                    try ServerInfo.write(to: serverInfo, port: port, pid: ProcessInfo.processInfo.processIdentifier)
                }
                FileHandle.standardError.write(Data("responses-proxy listening on 127.0.0.1:\(port)\n".utf8))
            }
        } catch let error as ResponsesProxyError {
            FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
