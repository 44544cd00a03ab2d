import Foundation
import Subprocess
import SystemPackage

/// Runs `git` (no shell) with a configuration that ignores the machine's and the user's git settings.
enum GitCommand {
    /// Runs `git <arguments>`.
    /// - Parameters:
    ///   - arguments: the arguments after `git`.
    ///   - directory: the working directory, if any.
    /// - Returns: standard output.
    /// - Throws: ``FakeGitLabError`` when git does not exit with 0.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil) async throws -> String {
        let environment = Environment.inherit.updating([
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "LANG": "C",
            "LC_ALL": "C",
        ])
        let result = try await Subprocess.run(
            .name("git"),
            arguments: Arguments(["-c", "core.quotePath=false", "-c", "user.name=Fake GitLab", "-c", "user.email=fake@gitlab.test"] + arguments),
            environment: environment,
            workingDirectory: directory.map { FilePath($0) },
            output: .string(limit: 64 * 1024 * 1024),
            error: .string(limit: 1024 * 1024)
        )
        guard case .exited(0) = result.terminationStatus else {
            throw FakeGitLabError.gitFailed(
                arguments: arguments,
                status: "\(result.terminationStatus)",
                standardError: result.standardError
            )
        }
        return result.standardOutput
    }

    /// Runs git and returns its output without the trailing newline (for `rev-parse`, `merge-base`).
    static func line(_ arguments: [String], in directory: String? = nil) async throws -> String {
        let output = try await run(arguments, in: directory)
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
