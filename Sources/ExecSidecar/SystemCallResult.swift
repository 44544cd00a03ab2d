import Glibc

/// The return value of one system call together with the `errno` it left, read on the calling thread at once.
///
/// `errno` is per thread and any later call (an allocation, a log line, an `await` that resumes on another
/// thread) may overwrite it, so the exec sidecar never reads `errno` anywhere but here.
struct SystemCallResult<Value: BinaryInteger & Sendable>: Sendable, Equatable {
    /// What the call returned.
    let value: Value
    /// The `errno` the call set when it failed (a negative return), else 0.
    let errno: Int32

    /// Makes the call and captures `errno` before anything else runs.
    /// - Parameter call: One system call; a negative return means failure with `errno` set.
    init(_ call: () -> Value) {
        let value = call()
        self.init(value: value, errno: value < 0 ? Glibc.errno : 0)
    }

    /// A result as it was returned (tests build these to classify them without a syscall).
    init(value: Value, errno: Int32) {
        self.value = value
        self.errno = errno
    }

    /// Whether the call failed.
    var failed: Bool { value < 0 }

    /// Whether the call was interrupted by a signal before doing anything, so repeating it is right.
    var interrupted: Bool { failed && errno == EINTR }

    /// The operating system's sentence for the failure.
    var reason: String { String(cString: strerror(errno)) }
}

/// The `errno` of a failed system call, as an `Error`.
struct SystemCallError: Error, Sendable, Equatable {
    /// The `errno` value.
    var errno: Int32
}
