import CLinuxSecurity
import Glibc

/// Secret bytes in memory of their own: a private anonymous mapping, `mlock`ed (best effort), excluded from core
/// dumps, wiped in forked children, and wiped with `explicit_bzero` when released.
///
/// The bytes never become a `String` or `Array`: readers borrow them with ``withUnsafeBytes(_:)`` and copy them
/// straight to where they are needed (an outgoing request head). It is filled once, by its creator (for example
/// ``KeyIntake``), and read-only afterwards.
public final class LockedSecretBuffer: @unchecked Sendable {
    // @unchecked Sendable: the mapping is written only through `withUnsafeMutableStorage` and `setCount`, which
    // are internal and used by the creator before the buffer is handed out (KeyIntake fills it, then returns it).
    // After that every access is a read through `withUnsafeBytes`, and `deinit` runs when no reference remains,
    // so no two threads ever write, or write and read, at the same time.
    private let base: UnsafeMutableRawPointer
    private let mappedCount: Int
    private var storedCount = 0

    /// How many bytes the buffer can hold.
    public let capacity: Int

    /// Whether `mlock` succeeded; it fails without `CAP_IPC_LOCK` when `RLIMIT_MEMLOCK` is too small.
    public let isLocked: Bool

    /// Maps and locks memory for `capacity` bytes.
    /// - Parameter capacity: The largest secret it will hold.
    /// - Throws: ``LockedSecretBufferError`` when the mapping fails.
    public init(capacity: Int) throws(LockedSecretBufferError) {
        var mapped = 0
        guard let pointer = warden_process_map_secret(max(capacity, 1), &mapped) else {
            throw .mappingFailed(errorNumber: errno)
        }
        base = pointer
        mappedCount = mapped
        self.capacity = capacity
        isLocked = warden_process_lock(pointer, mapped) == 0
    }

    deinit {
        warden_process_unmap_secret(base, mappedCount)
    }

    /// How many bytes the secret has.
    public var count: Int { storedCount }

    /// Calls `body` with the secret's bytes; they are valid only during the call and must not be copied into a
    /// `String`, an `Array` or a log.
    public func withUnsafeBytes<Result, Failure: Error>(
        _ body: (UnsafeRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: storedCount))
    }

    /// Zeroes the whole buffer with `explicit_bzero` (never optimised away); ``count`` becomes 0.
    public func wipe() {
        warden_process_wipe(base, mappedCount)
        storedCount = 0
    }

    /// Zeroes `bytes` with `explicit_bzero`: for memory that received a copy of a secret (an outgoing request head)
    /// once that copy has been used.
    public static func wipe(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        warden_process_wipe(base, bytes.count)
    }

    /// The whole writable capacity, for the creator filling it.
    func withUnsafeMutableStorage<Result, Failure: Error>(
        _ body: (UnsafeMutableRawBufferPointer) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeMutableRawBufferPointer(start: base, count: capacity))
    }

    /// Sets how many of the written bytes form the secret and wipes the rest of the mapping.
    func setCount(_ count: Int) {
        precondition(count >= 0 && count <= capacity, "secret length outside the buffer")
        warden_process_wipe(base + count, mappedCount - count)
        storedCount = count
    }
}
