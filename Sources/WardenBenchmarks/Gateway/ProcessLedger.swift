import Glibc
import Synchronization

/// The processes a benchmark phase started (codex workers, the spawned gateway), so that whatever
/// outlives its phase is killed.
final class ProcessLedger: Sendable {
    private let pids = Mutex<[Int32]>([])

    /// Remembers `pid`.
    func record(_ pid: Int32) {
        pids.withLock { $0.append(pid) }
    }

    /// SIGKILLs every recorded process (and its process group) that is still a codex or warden
    /// process; a pid that now names something else was reused and is left alone.
    func killSurvivors() {
        for pid in pids.withLock({ $0 }) {
            guard let command = ProcessMemory.commandLine(of: pid), command.contains("codex") || command.contains("warden") else { continue }
            _ = ProcessMemory.tree(of: pid).map { kill($0, SIGKILL) }
            kill(-pid, SIGKILL)
        }
    }
}
