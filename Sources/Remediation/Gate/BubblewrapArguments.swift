/// The `bwrap` arguments that run the test command the way codex's `workspace-write` sandbox runs the model's
/// commands: the system directories read-only, the worktree read-write, everything else absent.
///
/// Absent means: no `CODEX_HOME` (its `auth.json`), no real `HOME`, no data directory — the bare-clone cache
/// whose configuration decides where the token is sent — and no other file of the host but the system
/// directories and the operator's ``TestIsolation/bubblewrap(executable:network:readOnlyPaths:hiddenFiles:)`` paths —
/// where those would show Warden's configuration file or a file a secret is read from (under `/etc`), an empty file
/// is mounted over it.
/// Every namespace is new (`--unshare-all`; the network only when allowed): the test sees its own processes,
/// and when its first process ends the PID namespace ends with every process it started, `setsid` or not.
/// `--die-with-parent` does the same when Warden (or the timeout) kills `bwrap`. The environment is cleared
/// and set to the given variables only.
enum BubblewrapArguments {
    /// The host directories mounted read-only (`/bin`, `/lib*` and `/sbin` are links into `/usr` on current
    /// systems; `bwrap` mounts what they point at). A missing one is skipped.
    static let systemDirectories = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/etc"]
    /// The test command's `HOME`: an empty, private tmpfs.
    static let home = "/home/warden"

    /// The arguments after `bwrap`.
    ///
    /// - Parameters:
    ///   - command: the test command's program and arguments, run with `execvp` inside (so a bare name is looked
    ///     up in the sandbox's `PATH`).
    ///   - worktree: the worktree, mounted read-write at its own path and the working directory.
    ///   - network: whether the host's network is shared.
    ///   - readOnlyPaths: further directories mounted read-only at their own paths (a toolchain under `/opt`).
    ///   - hiddenFiles: existing files to cover with `/dev/null`; only those under a mounted directory are covered,
    ///     the others are not there anyway.
    ///   - environment: the complete environment inside.
    /// - Returns: `bwrap`'s arguments, ending with `--` and the command.
    static func arguments(
        command: [String],
        worktree: String,
        network: Bool,
        readOnlyPaths: [String],
        hiddenFiles: [String],
        environment: [String: String]
    ) -> [String] {
        var arguments = ["--unshare-all"]
        if network { arguments.append("--share-net") }
        arguments += ["--die-with-parent", "--new-session", "--cap-drop", "ALL"]
        for directory in systemDirectories {
            arguments += [directory == "/usr" ? "--ro-bind" : "--ro-bind-try", directory, directory]
        }
        arguments += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", home]
        // After the private /tmp, so an operator's path under /tmp is mounted over it instead of hidden by it.
        for path in readOnlyPaths {
            arguments += ["--ro-bind-try", path, path]
        }
        let mounted = systemDirectories + readOnlyPaths
        for file in hiddenFiles where mounted.contains(where: { file.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) {
            arguments += ["--ro-bind", "/dev/null", file]
        }
        // Last, so it is mounted over whatever an earlier mount put at or above its path.
        arguments += ["--bind", worktree, worktree, "--chdir", worktree, "--clearenv"]
        for name in environment.keys.sorted() {
            arguments += ["--setenv", name, environment[name] ?? ""]
        }
        return arguments + ["--"] + command
    }
}
