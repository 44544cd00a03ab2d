#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An exclusive `flock` on one pool slot's lock file (`worktree-owners/<slot>.lock`), held for as long as the slot is
/// leased: the claim two processes on one data directory (a `warden serve` and a `warden review`, or two replicas
/// sharing a volume) cannot both win, since the kernel grants it to one open file at a time, and releases it when the
/// holder closes it or dies — so a crash never leaves a slot claimed.
struct PoolSlotLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock without waiting.
    /// - Parameter path: the slot's lock file, created (mode 0600) when missing.
    /// - Returns: the held lock, or `nil` when another open file holds it (or the file cannot be opened).
    static func tryAcquire(path: String) -> PoolSlotLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return PoolSlotLock(descriptor: descriptor)
    }

    /// Releases the lock.
    func release() {
        close(descriptor)
    }
}
