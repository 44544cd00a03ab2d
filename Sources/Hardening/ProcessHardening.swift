import CLinuxSecurity
import Glibc

/// The hardening a process that holds a secret applies to itself first, as upstream's `process-hardening` does.
///
/// Swift has no pre-`main` constructor, so a command calls ``applyPreMain()`` as its first statement, before it
/// starts threads or reads the secret:
/// - `PR_SET_DUMPABLE 0`: no core dumps, no `ptrace` attach by processes of the same user, and `/proc/<pid>/`
///   files (`environ`, `mem`, `maps`) owned by root, so another process of the same user cannot read them;
/// - `RLIMIT_CORE` soft and hard limit 0;
/// - every `LD_*` variable removed from the environment, so no child inherits a preload.
public enum ProcessHardening {
    /// What ``applyPreMain()`` did.
    public struct Report: Sendable, Equatable {
        /// How many `LD_*` variables were removed from the environment.
        public let removedEnvironmentVariables: Int
    }

    /// Applies the hardening steps in upstream's order.
    /// - Returns: What was done.
    /// - Throws: ``ProcessHardeningError`` when `prctl` or `setrlimit` fails; the caller exits with
    ///   ``ProcessHardeningError/exitStatus``.
    @discardableResult
    public static func applyPreMain() throws(ProcessHardeningError) -> Report {
        if warden_process_set_nondumpable() != 0 {
            throw .nondumpable(errorNumber: errno)
        }
        if warden_process_disable_core_dumps() != 0 {
            throw .coreLimit(errorNumber: errno)
        }
        let removed = warden_process_remove_ld_environment()
        return Report(removedEnvironmentVariables: Int(removed))
    }

    /// Whether the process is still dumpable (`PR_GET_DUMPABLE`); `false` after ``applyPreMain()``.
    public static var isDumpable: Bool {
        warden_process_is_dumpable() != 0
    }
}
