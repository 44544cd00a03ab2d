/// Whether this machine can sandbox the test command, as found by ``probe(searchPath:)`` once per run.
public enum TestSandbox: Sendable, Equatable {
    /// `bwrap` at this path created a sandbox.
    case bubblewrap(executable: String)
    /// The exec sidecar runs the test command (`remediate.test_exec_socket` is set): the exec container is the sandbox.
    case execSidecar(shim: String, socket: String)
    /// No sandbox can be created here, and why (not installed; user namespaces refused, as on OpenShift's restricted-v2).
    case unavailable(reason: String)

    /// What the gate does with the sandbox this machine offers and the operator's settings.
    ///
    /// A pure decision: a working sandbox is always used (even when unsandboxed runs are allowed); without one the
    /// test command runs on the host only when `remediate.unsandboxed_tests` allows it, with a warning the run
    /// reports; otherwise the gate refuses.
    /// - Parameters:
    ///   - settings: the `[remediate]` settings (network, read-only paths, unsandboxed runs allowed).
    ///   - hiddenFiles: files the sandbox must not show (see ``TestIsolation/bubblewrap(executable:network:readOnlyPaths:hiddenFiles:)``).
    /// - Returns: the decision.
    public func decision(for settings: RemediationSettings, hiding hiddenFiles: [String] = []) -> TestGateDecision {
        switch self {
        case .bubblewrap(let executable):
            let isolation = TestIsolation.bubblewrap(
                executable: executable, network: settings.testNetwork, readOnlyPaths: settings.testReadOnlyPaths, hiddenFiles: hiddenFiles
            )
            return .run(isolation, warning: nil)
        case .execSidecar(let shim, let socket):
            return .run(.execSidecar(shim: shim, socket: socket), warning: nil)
        case .unavailable(let reason) where settings.unsandboxedTests:
            return .run(
                .none,
                warning: "the test command runs WITHOUT a sandbox (\(reason)); remediate.unsandboxed_tests is true, so code the model "
                    + "wrote runs on this host as Warden's user, with its network and files"
            )
        case .unavailable(let reason):
            return .refuse(
                reason: "the test command cannot be sandboxed (\(reason)); install bubblewrap with user namespaces allowed, "
                    + "run it in the exec sidecar (remediate.test_exec_socket), or set remediate.unsandboxed_tests = true to run it on the host"
            )
        }
    }
}

/// What the gate does for a whole run.
public enum TestGateDecision: Sendable, Equatable {
    /// Run the test command with this isolation; a warning to log at error level and put in the report, when unsandboxed.
    case run(TestIsolation, warning: String?)
    /// Run nothing: the report's stopped reason.
    case refuse(reason: String)
}
