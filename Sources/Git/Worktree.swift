import Foundation

/// A job's checkout of one commit, in `<data dir>/worktrees/<name>`, sharing the objects of the
/// project's bare clone.
///
/// Commands in the worktree run with `GIT_DIR`, `GIT_COMMON_DIR` and `GIT_WORK_TREE` set to the
/// locations recorded when it was created, so a `.git` file (or a `commondir` file) rewritten by
/// whatever ran in the worktree (Codex with write access) cannot point git at a repository — and
/// configuration — of its choosing.
public struct Worktree: Sendable {
    /// The worktree's directory; Codex's working directory.
    public let path: String
    /// The commit checked out (detached).
    public let sha: String
    /// The bare clone it belongs to.
    let repositoryPath: String
    /// The worktree's administrative directory inside the bare clone (`<repo>/worktrees/<name>`).
    let gitDirectory: String
    let runner: GitRunner
    /// The pool slot this worktree is, or `nil` for a worktree of one job (see ``RepositoryCache/returnWorktree(_:)``).
    let poolSlot: String?

    /// Whether the worktree belongs to its project's pool: handed back, not deleted, when the job ends.
    public var isPooled: Bool { poolSlot != nil }

    init(path: String, sha: String, repositoryPath: String, gitDirectory: String, runner: GitRunner, poolSlot: String? = nil) {
        self.path = path
        self.sha = sha
        self.repositoryPath = repositoryPath
        self.gitDirectory = gitDirectory
        self.runner = runner
        self.poolSlot = poolSlot
    }

    /// Deletes the worktree and its administrative entry; harmless when already gone.
    ///
    /// - Throws: ``GitError`` when the directory cannot be removed or `git worktree prune` fails.
    public func remove() async throws(GitError) {
        try await Self.discard(path: path, repository: repositoryPath, runner: runner)
    }

    /// A command that runs in this worktree, bound to its recorded git directory.
    func command(_ arguments: [String], credential: GitCredential? = nil, environment: [String: String] = [:]) -> GitCommand {
        var environment = environment
        environment["GIT_DIR"] = gitDirectory
        environment["GIT_COMMON_DIR"] = repositoryPath
        environment["GIT_WORK_TREE"] = path
        // Paths given after `--` are file names, never glob patterns.
        environment["GIT_LITERAL_PATHSPECS"] = "1"
        return GitCommand(arguments, in: path, credential: credential, environment: environment)
    }

    /// Removes the worktree at `path` (when present) and prunes the clone's stale entries, so a
    /// new worktree of the same name can be added.
    static func discard(path: String, repository: String, runner: GitRunner) async throws(GitError) {
        let location = URL(fileURLWithPath: path)
        let registration = repository + "/worktrees/" + location.lastPathComponent
        // The owner marker (see ``WorktreeOwner``) goes with the worktree.
        let marker = location.deletingLastPathComponent().deletingLastPathComponent().path + "/worktree-owners/" + location.lastPathComponent
        try? FileManager.default.removeItem(atPath: marker)
        // The common case for a new job: nothing to remove, and no git to run.
        guard FileManager.default.fileExists(atPath: path) || FileManager.default.fileExists(atPath: registration) else { return }
        if FileManager.default.fileExists(atPath: path) {
            _ = try await runner.run(GitCommand(["worktree", "remove", "--force", "--force", path], in: repository))
            if FileManager.default.fileExists(atPath: path) {
                do {
                    try FileManager.default.removeItem(atPath: path)
                } catch {
                    throw .fileSystem(path: path, reason: "\(error)")
                }
            }
        }
        try await runner.check(GitCommand(["worktree", "prune"], in: repository))
    }

    /// Reads the administrative directory from the `.git` file git just wrote (`gitdir: <path>`).
    static func administrativeDirectory(of path: String) throws(GitError) -> String {
        let file = path + "/.git"
        guard let contents = try? String(contentsOfFile: file, encoding: .utf8), contents.hasPrefix("gitdir: ") else {
            throw .fileSystem(path: file, reason: "git worktree add did not leave a gitdir file")
        }
        return contents.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
