import Foundation
import Subprocess
import SystemPackage

/// The commit a branch of a cached bare clone points at.
///
/// `RepositoryCache` fetches branches but does not resolve them; this reads the ref with one
/// credential-free, read-only `git rev-parse`, with the same configuration hygiene the cache uses
/// (no system or global configuration, no terminal prompt).
enum BranchHead {
    /// Resolves `refs/heads/<branch>` in `repository`.
    ///
    /// - Parameters:
    ///   - repository: the bare clone's directory.
    ///   - branch: the branch name (`main`).
    ///   - searchPath: the `PATH` git is found in.
    /// - Returns: the full commit id.
    /// - Throws: ``RemediationError/invalidArgument(_:problem:)`` when the branch is not in the clone.
    static func resolve(repository: String, branch: String, searchPath: String) async throws(RemediationError) -> String {
        guard !branch.hasPrefix("-"), !branch.contains("..") else { throw .invalidArgument("branch \(branch)", problem: "is not a branch name") }
        let environment: [String: String] = [
            "PATH": searchPath, "HOME": "/nonexistent", "LANG": "C", "LC_ALL": "C",
            "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
        ]
        do {
            let result = try await Subprocess.run(
                .name("git"),
                arguments: ["--git-dir", repository, "rev-parse", "--verify", "--quiet", "refs/heads/\(branch)^{commit}"],
                environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
                output: .string(limit: 4096),
                error: .discarded
            )
            let sha = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
            guard result.terminationStatus.isSuccess, sha.count == 40 || sha.count == 64 else {
                throw RemediationError.invalidArgument("branch \(branch)", problem: "is not in the repository cache")
            }
            return sha
        } catch let error as RemediationError {
            throw error
        } catch {
            throw .invalidArgument("branch \(branch)", problem: "cannot be resolved: \(error)")
        }
    }
}
