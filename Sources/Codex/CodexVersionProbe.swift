import Foundation
import Subprocess
import SystemPackage

/// Runs `codex --version` for `warden doctor`, with the same allowlisted environment as every codex run.
public enum CodexVersionProbe {
    /// What `codex --version` printed and how it exited.
    public struct Outcome: Sendable, Equatable {
        /// Standard output, or `nil` when the binary could not be started.
        public var output: String?
        /// The exit status when it exited normally.
        public var exitStatus: Int32?
    }

    /// Runs the binary with `--version`.
    /// - Parameters:
    ///   - binary: path of the codex binary.
    ///   - environment: the child environment policy.
    ///   - parent: the environment the policy picks from.
    /// - Returns: the output and exit status; a binary that cannot start gives `output == nil`.
    public static func run(binary: String, environment: ChildEnvironment, parent: [String: String]) async -> Outcome {
        let variables = environment.build(from: parent)
        do {
            let result = try await Subprocess.run(
                .path(FilePath(binary)),
                arguments: ["--version"],
                environment: .custom(Dictionary(uniqueKeysWithValues: variables.map { (Subprocess.Environment.Key(stringLiteral: $0.key), $0.value) })),
                output: .string(limit: 4096),
                error: .discarded
            )
            if case .exited(let status) = result.terminationStatus {
                return Outcome(output: result.standardOutput, exitStatus: status)
            }
            return Outcome(output: result.standardOutput, exitStatus: nil)
        } catch {
            return Outcome(output: nil, exitStatus: nil)
        }
    }
}
