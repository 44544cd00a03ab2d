import Glibc

/// The process group of one command, led by the process the server spawned.
struct ProcessGroupSignal: Sendable {
    /// The leader's pid, which is also the group id.
    let leader: pid_t

    /// Sends `signal` to every process of the group; a group that is already gone is not an error.
    func send(_ signal: Int32) {
        _ = kill(-leader, signal)
    }

    /// Returns once the leader has exited, without reaping it (swift-subprocess reaps it).
    ///
    /// The leader's exit, not the end of its output, ends a command: a background job can hold the pipes open.
    func waitForLeaderExit() async {
        while !Task.isCancelled {
            var information = siginfo_t()
            let result = waitid(P_PID, id_t(leader), &information, WEXITED | WNOWAIT | WNOHANG)
            if result != 0 || information._sifields._sigchld.si_pid != 0 { return }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
