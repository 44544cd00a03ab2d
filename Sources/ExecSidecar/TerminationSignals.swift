import CLinuxSecurity
import Glibc

/// Waits for SIGINT, SIGTERM or SIGHUP without letting them end the process, so a server can shut down cleanly.
///
/// The C handler only writes the signal number to a pipe (async-signal-safe); this type polls that pipe.
public struct TerminationSignals: Sendable {
    private let descriptor: Int32

    /// Installs the handlers; from now on those signals no longer terminate the process by themselves.
    public init() {
        descriptor = warden_forward_signals_to_pipe()
    }

    /// Returns the number of the first signal that arrives (or at once when the handlers could not be installed).
    public func next() async -> Int32 {
        guard descriptor >= 0 else { return 0 }
        var byte: UInt8 = 0
        while !Task.isCancelled {
            if read(descriptor, &byte, 1) == 1 { return Int32(byte) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return 0
    }
}
