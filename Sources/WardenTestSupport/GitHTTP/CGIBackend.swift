import Foundation
import Hummingbird
import NIOCore
import Subprocess
import SystemPackage

/// Runs `git http-backend` for one request: streams the request body in, and the response out.
enum CGIBackend {
    /// What one run of the backend produced, for the request record.
    struct Outcome: Sendable {
        let status: Int
        let wants: Int
        let haves: Int
        let responseBytes: Int
    }

    /// Runs the backend to the end.
    ///
    /// - Parameters:
    ///   - environment: the CGI environment.
    ///   - body: the whole request body, written to the backend's standard input.
    ///   - heads: receives the response head once the backend has written it.
    ///   - chunks: receives the response body, then finishes.
    static func run(
        environment: [String: String],
        body: ByteBuffer,
        heads: AsyncThrowingStream<CGIResponseHead, any Error>.Continuation,
        chunks: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    ) async -> Outcome {
        var options = PlatformOptions()
        options.processGroupID = 0
        do {
            let result = try await Subprocess.run(
                .name("git"),
                arguments: ["http-backend"],
                environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
                platformOptions: options,
                input: .inputWriter,
                output: .sequence,
                error: .bytes(limit: 64 * 1024 * 1024)
            ) { execution in
                try await withThrowingTaskGroup(of: (CGIResponseHead?, Int)?.self) { group in
                    group.addTask {
                        let writer = execution.standardInputWriter
                        // The backend may exit before reading everything (an error answer); then writing stops.
                        _ = try? await writer.write(Array(body.readableBytesView))
                        try? await writer.finish()
                        return nil
                    }
                    group.addTask {
                        try await relay(execution.standardOutput, heads: heads, chunks: chunks)
                    }
                    var relayed: (CGIResponseHead?, Int) = (nil, 0)
                    for try await part in group {
                        if let part { relayed = part }
                    }
                    return relayed
                }
            }
            let trace = String(decoding: result.standardError, as: UTF8.self)
            let (head, bytes) = result.closureResult
            return Outcome(
                status: head?.status ?? 502,
                wants: occurrences(of: "upload-pack< want ", in: trace),
                haves: occurrences(of: "upload-pack< have ", in: trace),
                responseBytes: bytes
            )
        } catch {
            heads.finish(throwing: error)
            chunks.finish(throwing: error)
            return Outcome(status: 502, wants: 0, haves: 0, responseBytes: 0)
        }
    }

    /// Reads the backend's output: yields the head once complete, then every body chunk.
    private static func relay(
        _ output: SubprocessOutputSequence,
        heads: AsyncThrowingStream<CGIResponseHead, any Error>.Continuation,
        chunks: AsyncThrowingStream<ByteBuffer, any Error>.Continuation
    ) async throws -> (CGIResponseHead?, Int) {
        var pending: [UInt8] = []
        var head: CGIResponseHead?
        var bytes = 0
        for try await buffer in output {
            let data = buffer.withUnsafeBytes { Array($0) }
            if head != nil {
                bytes += data.count
                chunks.yield(ByteBuffer(bytes: data))
                continue
            }
            pending += data
            if let (parsed, rest) = CGIResponseHead.parse(pending) {
                head = parsed
                heads.yield(parsed)
                heads.finish()
                if !rest.isEmpty {
                    bytes += rest.count
                    chunks.yield(ByteBuffer(bytes: rest))
                }
                pending = []
            }
        }
        heads.finish()
        chunks.finish()
        return (head, bytes)
    }

    private static func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
