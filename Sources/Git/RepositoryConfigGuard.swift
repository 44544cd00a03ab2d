import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Puts a bare clone's configuration back to what Warden wrote (``RepositoryConfigPolicy``) before git runs in it
/// with the token, and removes the legacy remote definitions (`remotes/`, `branches/`) git would also read.
///
/// Called before every fetch into the cache and every push from a worktree. `GIT_CONFIG_NOSYSTEM=1` and
/// `GIT_CONFIG_GLOBAL=/dev/null` (``GitRunner``) already keep system and user configuration out, and worktree
/// commands pin `GIT_COMMON_DIR` (``Worktree``), so this file is the only configuration git reads.
enum RepositoryConfigGuard {
    /// Rewrites `<repository>/config` when it holds anything but the repository format and `remote.origin.url = remoteURL`.
    ///
    /// - Parameters:
    ///   - repository: the bare clone.
    ///   - remoteURL: the URL the remote must have (already checked by ``GitInput/remoteURL(_:)``).
    ///   - runner: runs `git config --list` (no credential).
    ///   - logger: where a rewrite is reported, with the keys it dropped.
    /// - Throws: ``GitError`` when the file cannot be read or written.
    static func enforce(repository: String, remoteURL: String, runner: GitRunner, logger: Logger) async throws(GitError) {
        let path = repository + "/config"
        // --file reads that one file and never follows include.path; command-line -c values are not listed.
        let listing = try await runner.check(GitCommand(["config", "--file", path, "--list", "-z"]))
        let verdict = RepositoryConfigPolicy.enforce(RepositoryConfigPolicy.entries(ofListing: listing.standardOutput), remoteURL: remoteURL)
        for legacy in ["remotes", "branches"] where FileManager.default.fileExists(atPath: repository + "/" + legacy) {
            do {
                try FileManager.default.removeItem(atPath: repository + "/" + legacy)
            } catch {
                throw .fileSystem(path: repository + "/" + legacy, reason: "\(error)")
            }
        }
        guard verdict.needsRewrite else { return }
        if !verdict.removed.isEmpty {
            logger.warning(
                "repository configuration changed outside Warden; rewritten",
                metadata: ["repository": "\(repository)", "removed": "\(verdict.removed.joined(separator: ", "))"]
            )
        }
        let temporary = repository + "/config.warden-\(UUID().uuidString.lowercased())"
        do {
            try Data(RepositoryConfigPolicy.render(verdict.kept).utf8).write(to: URL(fileURLWithPath: temporary), options: .withoutOverwriting)
            // rename(2) replaces a symbolic link planted at `config` instead of writing through it.
            guard rename(temporary, path) == 0 else { throw GitError.fileSystem(path: path, reason: String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw (error as? GitError) ?? .fileSystem(path: path, reason: "\(error)")
        }
    }
}
