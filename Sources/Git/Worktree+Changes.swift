import Foundation

extension Worktree {
    /// Whether anything differs from the checked-out commit: modified, added, deleted or untracked
    /// (not ignored) files.
    public func hasChanges() async throws(GitError) -> Bool {
        let status = try await runner.check(command(["status", "--porcelain", "--untracked-files=all", "-z"]))
        return !status.standardOutput.isEmpty
    }

    /// The lines added relative to `HEAD`, per path: changed tracked files (`git diff HEAD`) and
    /// untracked files that are not ignored (every line). Binary files are left out; a symbolic
    /// link counts as one line, its target.
    ///
    /// - Returns: added lines keyed by path relative to the worktree; paths without added lines are absent.
    public func addedLines() async throws(GitError) -> [String: [AddedLine]] {
        var result: [String: [AddedLine]] = [:]
        let changed = try await runner.check(command(["diff", "HEAD", "--name-only", "-z", "--no-renames", "--"]))
        for path in Self.nulSeparated(changed.standardOutput) {
            let arguments = ["diff", "HEAD", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--no-renames", "--", path]
            let patch = try await runner.check(command(arguments))
            let lines = Self.addedLines(inPatch: patch.text(keepingFinalNewline: true))
            if !lines.isEmpty { result[path] = lines }
        }
        let untracked = try await runner.check(command(["ls-files", "--others", "--exclude-standard", "-z"]))
        for path in Self.nulSeparated(untracked.standardOutput) {
            let lines = Self.linesOfUntrackedFile(self.path + "/" + path)
            if !lines.isEmpty { result[path] = lines }
        }
        return result
    }

    /// Stages everything (additions, changes, deletions) and commits it on the detached `HEAD`.
    ///
    /// Hooks do not run and nothing is signed. The commit stays local until ``push(branch:remoteURL:credential:)``.
    /// - Parameters:
    ///   - message: the commit message.
    ///   - authorName: author and committer name.
    ///   - authorEmail: author and committer e-mail.
    /// - Returns: the new commit's id.
    /// - Throws: ``GitError``: `command_failed` when there is nothing to commit.
    @discardableResult
    public func commitAll(message: String, authorName: String, authorEmail: String) async throws(GitError) -> String {
        let identity = [
            "GIT_AUTHOR_NAME": authorName, "GIT_AUTHOR_EMAIL": authorEmail,
            "GIT_COMMITTER_NAME": authorName, "GIT_COMMITTER_EMAIL": authorEmail,
        ]
        try await runner.check(command(["add", "--all"]))
        try await runner.check(command(["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", message], environment: identity))
        return try await runner.check(command(["rev-parse", "HEAD"])).text
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

    private static func linesOfUntrackedFile(_ path: String) -> [AddedLine] {
        let files = FileManager.default
        guard let attributes = try? files.attributesOfItem(atPath: path), let type = attributes[.type] as? FileAttributeType else { return [] }
        if type == .typeSymbolicLink {
            guard let target = try? files.destinationOfSymbolicLink(atPath: path) else { return [] }
            return [AddedLine(number: 1, text: target)]
        }
        guard type == .typeRegular, let data = files.contents(atPath: path), !data.contains(0) else { return [] }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
            AddedLine(number: $0.offset + 1, text: String($0.element))
        }
    }

    private static func nulSeparated(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }
}
