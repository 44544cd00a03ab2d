import Git

/// The secret-scan step of the gate: it stages the fix and scans exactly what the commit will store.
///
/// It reads the staged blobs from the index, not the worktree's files, so what it scans is what git
/// commits after `.gitattributes` filters, `working-tree-encoding` and end-of-line conversion (a secret
/// written in UTF-16 reaches the blob as UTF-8). New files are scanned whole, changed files by the lines
/// their new blob adds to `HEAD`'s (compared as blobs, as text, so no attribute can hide them). A blob
/// that is not text fails the gate unless its path is in `remediate.binary_allowlist`; no path is exempt
/// from the rules.
struct SecretGate: Sendable {
    /// What the gate decided.
    enum Verdict: Equatable {
        /// Nothing found; the numbers of scanned files and lines, for the merge request.
        case passed(files: Int, lines: Int)
        /// The rules found secrets.
        case secretsFound([SecretFinding])
        /// Files that are not text, at paths the operator did not allow.
        case unscannable([String])
        /// The staged content is larger than the scanner takes; nothing was read.
        case tooLarge(bytes: Int)
    }

    /// The scanner.
    let scanner: SecretScanner
    /// Where files that are not text may be staged.
    let binaryAllowlist: [PathGlob]
    /// The most staged content the gate reads.
    let maximumBytes: Int

    /// Stages everything in `worktree` and checks the staged content; the caller commits the index as it
    /// is (``Worktree/commitStaged(message:authorName:authorEmail:)``) only when this passes.
    ///
    /// - Throws: ``GitError`` when git cannot stage or read.
    func check(_ worktree: Worktree) async throws(GitError) -> Verdict {
        try await worktree.stageAll()
        let files = try await worktree.stagedFiles().filter { $0.kind != .submodule }
        var bytes = 0
        for file in files { bytes += try await worktree.objectSize(file.object) }
        guard bytes <= maximumBytes else { return .tooLarge(bytes: bytes) }
        var findings: [SecretFinding] = []
        var unscannable: [String] = []
        var scannedLines = 0
        for file in files {
            guard let whole = StagedText.lines(of: try await worktree.blobContent(file.object)) else {
                if !binaryAllowlist.contains(where: { $0.matches(file.path) }) { unscannable.append(file.path) }
                continue
            }
            var lines = whole
            if let previous = file.previousObject { lines = try await worktree.addedLines(from: previous, to: file.object) }
            scannedLines += lines.count
            findings += scanner.scan(path: file.path, lines: lines)
        }
        if !findings.isEmpty { return .secretsFound(findings) }
        if !unscannable.isEmpty { return .unscannable(unscannable) }
        return .passed(files: files.count, lines: scannedLines)
    }
}
