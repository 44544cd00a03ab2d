import Testing
import WardenCore

@Suite("Doctor checks")
struct DoctorChecksTests {
    typealias Facts = DoctorChecks.DirectoryFacts

    @Test(
        "CODEX_HOME must exist, be writable and not lie under /tmp",
        arguments: [
            ("fine", Facts(path: "/var/lib/warden/codex", resolvedPath: "/var/lib/warden/codex", isDirectory: true, isWritable: true), [DoctorFinding.Severity.ok]),
            ("missing", Facts(path: "/nope", resolvedPath: nil, isDirectory: false, isWritable: false), [.problem]),
            ("read-only", Facts(path: "/srv/codex", resolvedPath: "/srv/codex", isDirectory: true, isWritable: false), [.problem]),
            ("under /tmp", Facts(path: "/tmp/codex", resolvedPath: "/tmp/codex", isDirectory: true, isWritable: true), [.problem]),
            ("symlink into /tmp", Facts(path: "/home/bot/codex", resolvedPath: "/tmp/x", isDirectory: true, isWritable: true), [.problem]),
            ("/tmp itself", Facts(path: "/tmp", resolvedPath: "/tmp", isDirectory: true, isWritable: true), [.problem]),
            ("a name that only starts like tmp", Facts(path: "/tmpfs/codex", resolvedPath: "/tmpfs/codex", isDirectory: true, isWritable: true), [.ok]),
            ("read-only under /tmp", Facts(path: "/tmp/c", resolvedPath: "/tmp/c", isDirectory: true, isWritable: false), [.problem, .problem]),
        ] as [(String, Facts, [DoctorFinding.Severity])]
    )
    func codexHome(name: String, facts: Facts, expected: [DoctorFinding.Severity]) {
        let findings = DoctorChecks.codexHome(facts)
        #expect(findings.map(\.severity) == expected, "\(name)")
        #expect(findings.allSatisfy { $0.message.contains(facts.path) })
    }

    @Test("a sandbox weaker than read-only is a warning", arguments: SandboxMode.allCases)
    func sandbox(mode: SandboxMode) {
        #expect(DoctorChecks.sandbox(mode).severity == (mode == .readOnly ? .ok : .warning))
    }

    @Test("running as root is a warning", arguments: [(UInt32(0), DoctorFinding.Severity.warning), (1000, .ok)])
    func privileges(uid: UInt32, expected: DoctorFinding.Severity) {
        #expect(DoctorChecks.privileges(effectiveUserID: uid).severity == expected)
    }

    @Test(
        "codex --version must run and print codex-cli",
        arguments: [
            ("codex-cli 0.163.0\n", Int32(0), DoctorFinding.Severity.ok),
            (nil, nil, .problem),
            ("codex-cli 0.163.0\n", 1, .problem),
            ("bash: codex: not found", 0, .problem),
        ] as [(String?, Int32?, DoctorFinding.Severity)]
    )
    func codexVersion(output: String?, status: Int32?, expected: DoctorFinding.Severity) {
        let finding = DoctorChecks.codexVersion(binary: "/opt/codex", output: output, exitStatus: status)
        #expect(finding.severity == expected)
        #expect(finding.message.contains("/opt/codex"))
    }

    @Test(
        "a codex path that cannot be executed is a problem; a command name is left to the version check",
        arguments: [
            ("/opt/codex", false, true), ("/opt/codex", true, false), ("codex", false, false),
        ]
    )
    func codexExecutable(binary: String, isExecutable: Bool, isProblem: Bool) {
        let finding = DoctorChecks.codexExecutable(binary: binary, isExecutable: isExecutable)
        #expect((finding?.severity == .problem) == isProblem)
        #expect(finding.map { $0.message.contains("not an executable file") } ?? true)
    }

    @Test("only problems make doctor fail")
    func exitStatus() {
        #expect(!DoctorChecks.hasProblems([DoctorFinding(.ok, "a"), DoctorFinding(.warning, "b")]))
        #expect(DoctorChecks.hasProblems([DoctorFinding(.ok, "a"), DoctorFinding(.problem, "b")]))
    }
}
