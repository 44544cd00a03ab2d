import Foundation
public import Subprocess

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process group a codex child leads, and everything it started.
///
/// codex runs the model's commands as its own children (bubblewrap, bash, whatever the model
/// started). Signalling only codex can leave those behind — swift-subprocess's teardown even skips
/// its final SIGKILL when the direct child already died of SIGTERM — so Warden spawns codex as the
/// leader of a new group and always signals the whole group, and kills it once more after a run.
public struct ProcessGroup: Sendable, Hashable, CustomStringConvertible {
    /// A process found in the group.
    public struct Member: Sendable, Hashable {
        /// Its process id.
        public let pid: Int32
        /// Whether it has exited and waits to be reaped by its parent.
        public let isZombie: Bool
    }

    /// The process group id, equal to the leader's pid.
    public let id: Int32

    /// Names an existing group.
    ///
    /// - Parameter id: the group id (the leader's pid); must be positive.
    public init(id: Int32) {
        self.id = id
    }

    /// The group led by a process spawned with ``platformOptions(gracePeriod:)``.
    ///
    /// - Parameter leader: the child's identifier (`execution.processIdentifier`).
    public init(leader: ProcessIdentifier) {
        self.id = leader.value
    }

    public var description: String { "process group \(id)" }

    /// Spawn options that make the child the leader of a new process group, and make
    /// swift-subprocess's cancellation teardown signal the whole group: SIGTERM, then SIGKILL
    /// after `gracePeriod`.
    ///
    /// - Parameter gracePeriod: how long the group gets between SIGTERM and SIGKILL on cancellation.
    /// - Returns: options for `Subprocess.run`.
    public static func platformOptions(gracePeriod: Duration) -> PlatformOptions {
        var options = PlatformOptions()
        // setpgid(0, 0) in the child: a new group whose id is the child's pid.
        options.processGroupID = 0
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)]
        return options
    }

    /// Sends a signal to every process of the group.
    ///
    /// - Parameter signal: the signal number (`SIGTERM`, `SIGKILL`).
    /// - Returns: `false` when no process of the group is left (or the signal was refused).
    @discardableResult
    public func send(signal: Int32) -> Bool {
        guard id > 1 else { return false }
        return signalProcessGroup(id, signal)
    }

    /// Stops the group: SIGTERM to all of it, then SIGKILL to whatever still runs after
    /// `gracePeriod`, then waits (briefly) until no running process of the group is left.
    ///
    /// Runs to the end even when the calling task is cancelled, because cancellation is one of the
    /// reasons to call it.
    /// - Parameter gracePeriod: how long the processes get to exit on SIGTERM.
    public func terminate(gracePeriod: Duration) async {
        guard send(signal: SIGTERM) else { return }
        if await waitUntilStopped(for: gracePeriod) { return }
        kill()
        _ = await waitUntilStopped(for: .seconds(2))
    }

    /// Sends SIGKILL to every process of the group, then waits (briefly) until none of it runs.
    ///
    /// Call it after every run, even one that ended normally: processes the child started may
    /// still be running, and swift-subprocess's own teardown may have skipped them.
    public func killAll() async {
        guard send(signal: SIGKILL) else { return }
        _ = await waitUntilStopped(for: .seconds(2))
    }

    /// Sends SIGKILL to every process of the group; harmless when it is already empty.
    public func kill() {
        send(signal: SIGKILL)
    }

    /// The processes whose process group is this one, read from `/proc`.
    ///
    /// - Returns: every member, zombies included; empty once the group is gone.
    public func members() -> [Member] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Member? in
            guard let pid = Int32(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let fields = Self.fieldsAfterCommand(stat),
                fields.count > 2, Int32(fields[2]) == id
            else { return nil }
            return Member(pid: pid, isZombie: fields[0] == "Z")
        }
    }

    /// Whether any member of the group is still running (zombies do not count: they hold no
    /// resources and are gone once their parent reaps them).
    public var hasRunningMembers: Bool {
        members().contains { !$0.isZombie }
    }

    /// The fields of `/proc/<pid>/stat` after the command name, which is in parentheses and may
    /// itself contain spaces and parentheses: state, ppid, pgrp, …
    static func fieldsAfterCommand(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    private func waitUntilStopped(for limit: Duration) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        while hasRunningMembers {
            guard clock.now < deadline else { return false }
            // Sleep without honouring cancellation: the group must be stopped regardless.
            await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                Task {
                    try? await clock.sleep(for: .milliseconds(20))
                    continuation.resume()
                }
            }
        }
        return true
    }
}

/// `kill(-pgid, signal)`, outside the type so its `kill()` method does not shadow the C function.
private func signalProcessGroup(_ pgid: Int32, _ signal: Int32) -> Bool {
    kill(-pgid, signal) == 0
}
