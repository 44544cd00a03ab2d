import CLinuxSecurity
import Glibc

/// `warden exec-shim` (also installed as `bash` and `sh`): forwards a shell invocation to the exec server
/// without evaluating anything itself.
///
/// It sends argv, the working directory and the filtered environment, writes the command's output to its own
/// standard output and error as it arrives, forwards SIGINT, SIGTERM and SIGHUP to the command's process
/// group, and ends with the command's status (128 + signal when it was killed). When the server cannot be
/// reached or refuses the request, it says why on standard error and exits 126.
public struct ExecShim: Sendable {
    /// The status for "could not run the command here", as shells use it.
    public static let cannotRunStatus: Int32 = 126

    private let socketPath: String

    /// A shim that talks to the server at `socketPath`.
    public init(socketPath: String) {
        self.socketPath = socketPath
    }

    /// Runs `argv` through the exec server and returns the status to exit with.
    /// - Parameters:
    ///   - argv: The shell invocation, `argv[0]` being `bash` or `sh` (`["bash", "-lc", "make"]`).
    ///   - workingDirectory: The directory the command runs in (this process's).
    ///   - environment: This process's environment; it is filtered before it is sent.
    /// - Returns: The command's shell status, or ``cannotRunStatus``.
    public func run(argv: [String], workingDirectory: String, environment: [String: String]) -> Int32 {
        let request = ExecCommandRequest(argv: argv, cwd: workingDirectory, env: EnvironmentFilter.filtered(environment))
        let descriptor: Int32
        do {
            descriptor = try UnixSocket.connect(to: socketPath)
        } catch {
            return fail("cannot reach the exec server: \(error)")
        }
        defer { close(descriptor) }
        let signals = warden_forward_signals_to_pipe()
        guard let payload = try? request.encoded() else {
            return fail(ExecSidecarError.malformedFrame(reason: "the request cannot be encoded").description)
        }
        // A server that refused the peer has already written its reason and closed: sending then fails, but the
        // reason is still there to read.
        UnixSocket.send(ExecFrame(.request, payload: payload).encoded, to: descriptor)
        return relay(from: descriptor, signals: signals)
    }

    /// Copies output frames to fds 1 and 2 and signals to the server until the exit or failure frame.
    private func relay(from descriptor: Int32, signals: Int32) -> Int32 {
        var decoder = ExecFrameDecoder(maximumPayloadSize: ExecFrame.maximumChunkSize + 1024 * 1024)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var watched = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        if signals >= 0 { watched.append(pollfd(fd: signals, events: Int16(POLLIN), revents: 0)) }
        while true {
            for index in watched.indices { watched[index].revents = 0 }
            let polled = SystemCallResult { poll(&watched, nfds_t(watched.count), -1) }
            if polled.failed {
                if polled.interrupted { continue }
                return fail("waiting for the exec server failed: \(polled.reason)")
            }
            if watched.count > 1, watched[1].revents & Int16(POLLIN) != 0 {
                var numbers = [UInt8](repeating: 0, count: 16)
                let count = read(signals, &numbers, numbers.count)
                for number in numbers.prefix(max(count, 0)) {
                    UnixSocket.send(ExecFrame(.signal, payload: [number]).encoded, to: descriptor)
                }
            }
            guard watched[0].revents != 0 else { continue }
            let received = buffer.withUnsafeMutableBytes { bytes in SystemCallResult { read(descriptor, bytes.baseAddress, bytes.count) } }
            if received.interrupted { continue }
            guard received.value > 0 else {
                return fail(ExecSidecarError.connectionLost.description)
            }
            decoder.append(buffer[0..<received.value])
            do {
                while let frame = try decoder.next() {
                    switch frame.kind {
                    case .standardOutput: writeAll(frame.payload, to: 1)
                    case .standardError: writeAll(frame.payload, to: 2)
                    case .exit: return try ExecCommandOutcome.decode(frame.payload).shellStatus
                    case .failure: return fail(String(decoding: frame.payload, as: UTF8.self))
                    case .request, .signal: throw ExecSidecarError.malformedFrame(reason: "the server sent a client frame")
                    }
                }
            } catch {
                return fail("\(error)")
            }
        }
    }

    private func fail(_ message: String) -> Int32 {
        writeAll(Array("warden exec-shim: \(message)\n".utf8), to: 2)
        return Self.cannotRunStatus
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                SystemCallResult { write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset) }
            }
            if written.failed {
                if written.interrupted { continue }
                return
            }
            offset += written.value
        }
    }
}
