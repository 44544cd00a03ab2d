/// How the test command is isolated from the host: inside a bubblewrap sandbox, in the exec sidecar's container, or
/// not at all.
public enum TestIsolation: Sendable, Equatable {
    /// Inside `bwrap` (see ``BubblewrapArguments``).
    /// - Parameters:
    ///   - executable: the absolute path of `bwrap`.
    ///   - network: whether the sandbox shares the host's network.
    ///   - readOnlyPaths: directories mounted read-only besides the system directories.
    ///   - hiddenFiles: files replaced by an empty one where a mounted directory would show them (the configuration
    ///     file, the files secrets are read from), each an existing regular file with no symbolic link in its path.
    case bubblewrap(executable: String, network: Bool, readOnlyPaths: [String], hiddenFiles: [String])
    /// In the exec sidecar's container (where user namespaces, and so bubblewrap, are unavailable, as on OpenShift's
    /// `restricted-v2`): `warden exec-shim` sends the command to the exec server at `socket`, which runs it there
    /// under its seccomp filter, its own uid and without Warden's credentials, and relays its output and status.
    /// - Parameters:
    ///   - shim: the `warden` executable that runs `exec-shim`.
    ///   - socket: the exec server's unix socket (`remediate.test_exec_socket`).
    case execSidecar(shim: String, socket: String)
    /// On the host, as Warden's user: only when the operator allowed it (`remediate.unsandboxed_tests`).
    case none
}
