import ArgumentParser
import Codex
import Foundation
import WardenCore

/// `warden doctor`: checks what Warden needs before it can do any work, one line per finding.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check configuration, the codex binary, CODEX_HOME and the sandbox; exits non-zero on any problem."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let configuration = try options.loadConfiguration().core
        let parent = ProcessInfo.processInfo.environment
        var findings: [DoctorFinding] = [DoctorFinding(.ok, "configuration is valid")]
        let childEnvironment = ChildEnvironment(codex: configuration.codex)
        let binary = configuration.codex.binary
        if let notExecutable = DoctorChecks.codexExecutable(binary: binary, isExecutable: access(binary, X_OK) == 0) {
            findings.append(notExecutable)
        } else {
            let probe = await CodexVersionProbe.run(binary: binary, environment: childEnvironment, parent: parent)
            findings.append(DoctorChecks.codexVersion(binary: binary, output: probe.output, exitStatus: probe.exitStatus))
        }
        findings += DoctorChecks.codexHome(Self.facts(about: configuration.codex.home))
        findings.append(DoctorChecks.sandbox(configuration.codex.sandboxMode))
        findings.append(DoctorChecks.privileges(effectiveUserID: geteuid()))
        for finding in findings { print(finding) }
        if DoctorChecks.hasProblems(findings) { throw ExitCode.failure }
    }

    /// Gathers the facts `DoctorChecks.codexHome` judges.
    private static func facts(about path: String) -> DoctorChecks.DirectoryFacts {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        return DoctorChecks.DirectoryFacts(
            path: path,
            resolvedPath: exists ? URL(fileURLWithPath: path).resolvingSymlinksInPath().path : nil,
            isDirectory: exists && isDirectory.boolValue,
            isWritable: exists && access(path, W_OK) == 0
        )
    }
}
