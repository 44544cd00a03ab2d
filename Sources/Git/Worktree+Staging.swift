import Foundation

extension Worktree {
    /// Stages everything (additions, changes, deletions, untracked files that are not ignored), running the
    /// `.gitattributes` filters and encodings git applies when it stores content.
    public func stageAll() async throws(GitError) {
        try await runner.check(command(["add", "--all"]))
    }

    /// The files the index adds or changes relative to `HEAD`; deletions and mode-only changes are left out,
    /// since they store no new content.
    ///
    /// - Returns: the files, ordered by path.
    public func stagedFiles() async throws(GitError) -> [StagedFile] {
        let raw = try await runner.check(command(["diff", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev", "--no-ext-diff", "HEAD", "--"]))
        return Self.stagedFiles(inRawDiff: raw.standardOutput)
    }

    /// The size in bytes of an object, before reading it.
    public func objectSize(_ object: String) async throws(GitError) -> Int {
        let output = try await runner.check(command(["cat-file", "-s", object]))
        return Int(output.text) ?? 0
    }

    /// The bytes git stores for a blob, exactly (no filter, encoding or textconv applied on the way out).
    public func blobContent(_ object: String) async throws(GitError) -> [UInt8] {
        try await runner.check(command(["cat-file", "blob", object])).standardOutput
    }

    /// The lines `object` adds to `previous`, compared as blobs: no path, so no `.gitattributes` (`-diff`, `binary`,
    /// a diff driver) can hide them, and always as text.
    ///
    /// - Returns: the added lines, numbered in the new blob.
    public func addedLines(from previous: String, to object: String) async throws(GitError) -> [AddedLine] {
        let arguments = ["diff", "--unified=0", "--text", "--no-color", "--no-ext-diff", "--no-textconv", previous, object]
        let patch = try await runner.check(command(arguments))
        return Self.addedLines(inPatch: patch.text(keepingFinalNewline: true))
    }

    /// Commits the index as it is, as `authorName`, on the detached `HEAD`: what was staged (and scanned) is
    /// exactly what is committed.
    ///
    /// Hooks do not run and nothing is signed. The commit stays local until ``push(branch:remoteURL:credential:)``.
    /// - Parameters:
    ///   - message: the commit message.
    ///   - authorName: author and committer name.
    ///   - authorEmail: author and committer e-mail.
    /// - Returns: the new commit's id.
    /// - Throws: ``GitError``: `command_failed` when there is nothing to commit.
    @discardableResult
    public func commitStaged(message: String, authorName: String, authorEmail: String) async throws(GitError) -> String {
        let identity = [
            "GIT_AUTHOR_NAME": authorName, "GIT_AUTHOR_EMAIL": authorEmail,
            "GIT_COMMITTER_NAME": authorName, "GIT_COMMITTER_EMAIL": authorEmail,
        ]
        try await runner.check(command(["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", message], environment: identity))
        return try await runner.check(command(["rev-parse", "HEAD"])).text
    }

    // MARK: Parsing

    /// The entries of `git diff --raw -z --no-abbrev` (`:old-mode new-mode old-id new-id status NUL path NUL`…)
    /// that store new content.
    static func stagedFiles(inRawDiff output: [UInt8]) -> [StagedFile] {
        let fields = output.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        var files: [StagedFile] = []
        var index = 0
        while index + 1 < fields.count {
            let header = fields[index].dropFirst().split(separator: " ")
            let path = fields[index + 1]
            index += 2
            guard header.count >= 5 else { continue }
            let (oldMode, newMode, oldObject, newObject) = (header[0], header[1], String(header[2]), String(header[3]))
            guard newMode != "000000", newObject != oldObject else { continue }
            let kind = Self.kind(ofMode: newMode)
            // A path that changed kind (a file became a link) is new content as a whole.
            let previous = oldMode == "000000" || Self.kind(ofMode: oldMode) != kind ? nil : oldObject
            files.append(StagedFile(path: path, kind: kind, previousObject: previous, object: newObject))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// What an index mode (`100644`, `120000`, `160000`) records.
    private static func kind(ofMode mode: Substring) -> StagedFile.Kind {
        switch mode {
        case "120000": .symbolicLink
        case "160000": .submodule
        default: .regular
        }
    }
}
