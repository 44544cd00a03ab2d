import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The machine's processes as `/proc` lists them: for tests that prove nothing a child started outlives it.
public enum ProcessTable {
    /// The processes (zombies excluded) one of whose arguments contains `marker` (a unique `sleep 987654.123` duration).
    public static func pids(withArgumentContaining marker: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty,
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"), !stat[stat.index(after: close)...].hasPrefix(" Z")
            else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.contains { $0.contains(marker) } ? pid : nil
        }
    }

    /// The processes with `marker` in an argument once they had up to `patience` to go away.
    public static func survivors(withArgumentContaining marker: String, patience: Duration = .seconds(3)) async -> [Int32] {
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            if pids(withArgumentContaining: marker).isEmpty { return [] }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return pids(withArgumentContaining: marker)
    }

    /// Sends SIGKILL to every process with `marker` in an argument (a test's clean-up of what it proved survived).
    public static func kill(withArgumentContaining marker: String) {
        for pid in pids(withArgumentContaining: marker) { _ = sendSignal(pid, SIGKILL) }
    }
}

/// `kill(2)`, outside the type so its `kill(withArgumentContaining:)` does not shadow it.
private func sendSignal(_ pid: Int32, _ number: Int32) -> Int32 {
    kill(pid, number)
}
