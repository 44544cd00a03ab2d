import Foundation

extension Worktree {
    /// Whether anything differs from the checked-out commit: modified, added, deleted or untracked
    /// (not ignored) files.
    public func hasChanges() async throws(GitError) -> Bool {
        let status = try await runner.check(command(["status", "--porcelain", "--untracked-files=all", "-z"]))
        return !status.standardOutput.isEmpty
    }

    /// Pushes `HEAD` to `refs/heads/<branch>` of `remoteURL`; the token travels with this one
    /// command and is stored nowhere (no remote is configured for the URL). The clone's configuration
    /// is put back to Warden's first (``RepositoryConfigGuard``): no `insteadOf`, `pushInsteadOf`,
    /// proxy or include planted there can send the push, and the token, elsewhere.
    ///
    /// - Parameters:
    ///   - branch: the branch name (`warden/fix-123`).
    ///   - remoteURL: the push URL, without credentials.
    ///   - credential: the token, or `nil`.
    /// - Throws: ``GitError``: `auth` when the remote refuses the credential; `command_failed` when
    ///   the push is rejected (the branch exists and is not an ancestor).
    public func push(branch: String, remoteURL: String, credential: GitCredential?) async throws(GitError) {
        let url = try GitInput.remoteURL(remoteURL)
        let ref = try GitInput.refName("refs/heads/" + branch, name: "branch")
        try await RepositoryConfigGuard.enforce(repository: repositoryPath, remoteURL: url, runner: runner, logger: runner.logger)
        try await runner.check(command(["push", "--quiet", "--no-verify", url, "HEAD:" + ref], credential: credential))
    }

    // MARK: Parsing

    /// The added lines of a `--unified=0` patch of one file, numbered by the `+c,d` of each hunk header.
    static func addedLines(inPatch patch: String) -> [AddedLine] {
        var lines: [AddedLine] = []
        var next: Int?
        for line in patch.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("@@ ") {
                next = hunkStart(line)
            } else if let number = next, line.hasPrefix("+") {
                lines.append(AddedLine(number: number, text: String(line.dropFirst())))
                next = number + 1
            }
        }
        return lines
    }

    /// `@@ -a,b +c,d @@ …` → `c`.
    private static func hunkStart(_ header: Substring) -> Int? {
        guard let plus = header.split(separator: " ").first(where: { $0.hasPrefix("+") }) else { return nil }
        return Int(plus.dropFirst().split(separator: ",").first ?? "")
    }
}
