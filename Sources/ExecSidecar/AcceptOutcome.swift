import CLinuxSecurity
import Glibc

/// What the exec server's accept loop does after one `accept(2)`.
///
/// The accept runs on a thread of its own and the loop resumes after an `await`, possibly on another thread, so the
/// `errno` travels with the result (``SystemCallResult``) instead of being read by the loop: a stale value there
/// once turned a harmless `EINTR` into a stopped server.
enum AcceptOutcome: Sendable, Equatable {
    /// A connection arrived on this descriptor.
    case serve(Int32)
    /// Nothing to serve, but the listener is fine: a signal interrupted the call, or the peer gave up first.
    case retry
    /// The listener failed with this `errno`; the server stops.
    case stop(errno: Int32)

    /// Accepts one connection on `listener` (close-on-exec), blocking the calling thread.
    /// - Parameter listener: The listening descriptor.
    /// - Returns: The classified result.
    static func accept(on listener: Int32) -> AcceptOutcome {
        classify(SystemCallResult { warden_accept_cloexec(listener) })
    }

    /// Classifies a result of `accept(2)`.
    /// - Parameter result: The descriptor or -1, with the `errno` captured on the accepting thread.
    /// - Returns: ``serve(_:)`` for a descriptor, ``retry`` for `EINTR` and `ECONNABORTED`, else ``stop(errno:)``.
    static func classify(_ result: SystemCallResult<Int32>) -> AcceptOutcome {
        guard result.failed else { return .serve(result.value) }
        switch result.errno {
        case EINTR, ECONNABORTED: return .retry
        default: return .stop(errno: result.errno)
        }
    }
}
