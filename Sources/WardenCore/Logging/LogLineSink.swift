#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where finished log lines go: standard error in production, a buffer in tests.
public protocol LogLineSink: Sendable {
    /// Writes one complete line, which ends in a newline.
    func write(line: String)
}

/// Writes each line to standard error with one `write(2)` call, so lines from concurrent tasks do not interleave.
public struct StandardErrorSink: LogLineSink {
    /// Creates the sink.
    public init() {}

    public func write(line: String) {
        var bytes = Array(line.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard var base = buffer.baseAddress else { return }
            var remaining = buffer.count
            while remaining > 0 {
                let written = writeToStandardError(base, remaining)
                if written < 0 {
                    // Interrupted writes are retried; other failures have nowhere left to be reported.
                    guard errno == EINTR else { return }
                    continue
                }
                base += written
                remaining -= written
            }
        }
    }
}

/// The system call, outside the sink so its name does not clash with ``StandardErrorSink/write(line:)``.
private func writeToStandardError(_ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int {
    write(STDERR_FILENO, bytes, count)
}
