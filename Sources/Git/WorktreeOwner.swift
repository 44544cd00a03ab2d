import Foundation

/// The process that owns a worktree: its pid and the kernel's start time of that pid, so a pid reused by another
/// process after a crash does not pass for the owner.
///
/// ``RepositoryCache`` writes the owner of each worktree to `<data dir>/worktree-owners/<name>` before creating it,
/// and ``RepositoryCache/removeStaleWorktrees()`` removes only worktrees whose owner is gone, so a `warden serve`
/// starting up never deletes the worktree of a `warden review` or `warden remediate` running beside it.
struct WorktreeOwner: Sendable, Equatable {
    /// The owner's process id.
    let pid: Int32
    /// Field 22 of `/proc/<pid>/stat`: when the process started, in clock ticks since boot.
    let startTime: UInt64

    /// The marker file's content: `"<pid> <start time>\n"`.
    var line: String { "\(pid) \(startTime)\n" }

    /// An owner from a marker file's content; `nil` when it is not of that form.
    init?(line: String) {
        let parts = line.split(whereSeparator: \.isWhitespace)
        guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, let startTime = UInt64(parts[1]) else { return nil }
        self.init(pid: pid, startTime: startTime)
    }

    init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The start time in a `/proc/<pid>/stat` line; `nil` when the line is not of that form.
    ///
    /// The command name (field 2) is in parentheses and may itself contain spaces and parentheses, so fields are
    /// counted from the last `)`.
    static func startTime(statLine: String) -> UInt64? {
        guard let close = statLine.lastIndex(of: ")") else { return nil }
        let fields = statLine[statLine.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // Fields 3… follow the name; the start time is field 22.
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// The process `pid` as it runs now, or `nil` when there is none.
    static func running(pid: Int32) -> WorktreeOwner? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let startTime = startTime(statLine: stat) else {
            return nil
        }
        return WorktreeOwner(pid: pid, startTime: startTime)
    }

    /// This process.
    static var current: WorktreeOwner? { running(pid: getpid()) }

    /// Whether the owner still runs (the same pid with the same start time).
    var isRunning: Bool { Self.running(pid: pid) == self }
}
