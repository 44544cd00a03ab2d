/// The pure checks behind `warden doctor`: each takes facts gathered by the caller and returns findings.
public enum DoctorChecks {
    /// What the caller found about a directory on disk.
    public struct DirectoryFacts: Sendable, Equatable {
        /// The path as configured.
        public var path: String
        /// The path with symlinks resolved, when it exists.
        public var resolvedPath: String?
        /// Whether it exists and is a directory.
        public var isDirectory: Bool
        /// Whether this process may create files in it.
        public var isWritable: Bool

        /// Creates facts.
        public init(path: String, resolvedPath: String?, isDirectory: Bool, isWritable: Bool) {
            self.path = path
            self.resolvedPath = resolvedPath
            self.isDirectory = isDirectory
            self.isWritable = isWritable
        }
    }

    /// `CODEX_HOME` must exist, be writable, and not lie under /tmp (codex refuses helper binaries there, and /tmp is
    /// often cleaned, losing the session files follow-ups resume).
    public static func codexHome(_ facts: DirectoryFacts) -> [DoctorFinding] {
        guard facts.isDirectory else {
            return [DoctorFinding(.problem, "CODEX_HOME \(facts.path) does not exist or is not a directory (create it and run `codex login` there)")]
        }
        var findings: [DoctorFinding] = []
        if !facts.isWritable {
            findings.append(DoctorFinding(.problem, "CODEX_HOME \(facts.path) is not writable by this user (codex writes sessions there)"))
        }
        let resolved = facts.resolvedPath ?? facts.path
        if resolved == "/tmp" || resolved.hasPrefix("/tmp/") || facts.path.hasPrefix("/tmp/") {
            findings.append(DoctorFinding(.problem, "CODEX_HOME \(facts.path) lies under /tmp (codex will not create helpers there; use a persistent directory)"))
        }
        if findings.isEmpty {
            findings.append(DoctorFinding(.ok, "CODEX_HOME \(facts.path) exists and is writable"))
        }
        return findings
    }

    /// Warns when codex runs with a sandbox weaker than read-only.
    public static func sandbox(_ mode: SandboxMode) -> DoctorFinding {
        mode.isWeakerThanDefault
            ? DoctorFinding(.warning, "codex sandbox mode is \(mode.rawValue), weaker than the read-only default")
            : DoctorFinding(.ok, "codex sandbox mode is \(mode.rawValue)")
    }

    /// Warns when Warden runs as root: a sandbox escape would then own the machine.
    public static func privileges(effectiveUserID: UInt32) -> DoctorFinding {
        effectiveUserID == 0
            ? DoctorFinding(.warning, "warden runs as root; run it as an unprivileged user")
            : DoctorFinding(.ok, "warden runs as uid \(effectiveUserID)")
    }

    /// Checks that a configured codex path is an executable file (a bare command name is looked up on `PATH` when
    /// codex starts, and judged by ``codexVersion(binary:output:exitStatus:)``).
    /// - Parameters:
    ///   - binary: the configured codex binary, already absolute when it is a path.
    ///   - isExecutable: whether the file exists and may be executed by this user.
    /// - Returns: a problem for a path that cannot be executed, else `nil`.
    public static func codexExecutable(binary: String, isExecutable: Bool) -> DoctorFinding? {
        guard binary.contains("/"), !isExecutable else { return nil }
        return DoctorFinding(.problem, "codex binary \(binary) is not an executable file (run scripts/install-codex or set WARDEN_CODEX_BIN)")
    }

    /// Checks `codex --version` output against what the process printed and how it exited.
    /// - Parameters:
    ///   - binary: the configured codex binary.
    ///   - output: its standard output, or `nil` when it could not be started.
    ///   - exitStatus: its exit status when it ran.
    public static func codexVersion(binary: String, output: String?, exitStatus: Int32?) -> DoctorFinding {
        guard let output, exitStatus == 0 else {
            return DoctorFinding(.problem, "codex binary \(binary) does not run (`codex --version` failed; run scripts/install-codex or set WARDEN_CODEX_BIN)")
        }
        let version = output.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard version.hasPrefix("codex-cli ") else {
            return DoctorFinding(.problem, "codex binary \(binary) printed an unexpected version line \"\(version.escapedForMessage)\"")
        }
        return DoctorFinding(.ok, "\(version) at \(binary)")
    }

    /// Whether `doctor` should exit non-zero.
    public static func hasProblems(_ findings: [DoctorFinding]) -> Bool {
        findings.contains { $0.severity == .problem }
    }
}
