/// A deterministic repository history for the worktree benchmark, as a `git fast-import` stream.
///
/// `files` source files of `linesPerFile` lines each; every commit rewrites `linesChangedPerCommit`
/// lines of three files with fresh (pseudo-random, so incompressible) values and appends a line to
/// each, so the history deltifies the way real code does and the pack grows with every commit.
public struct SyntheticHistory: Sendable {
    /// How many commits the history has.
    public let commits: Int
    /// How many files the tree has.
    public let files: Int
    /// How many lines each file starts with.
    public let linesPerFile: Int
    /// How many lines of each touched file a commit rewrites.
    public let linesChangedPerCommit: Int

    /// Describes a history.
    public init(commits: Int, files: Int = 300, linesPerFile: Int = 80, linesChangedPerCommit: Int = 12) {
        self.commits = commits
        self.files = files
        self.linesPerFile = linesPerFile
        self.linesChangedPerCommit = linesChangedPerCommit
    }

    /// The fast-import stream that writes the history onto `ref`.
    /// - Parameter ref: the branch to create (`refs/heads/main`).
    public func fastImportStream(ref: String) -> [UInt8] {
        var contents = (0..<files).map { file in
            (0..<linesPerFile).map { line in "let value\(line) = compute(\(file), \(line)) // initial revision of this line" }
        }
        var stream: [UInt8] = []
        var random = UInt64(0x9E37_79B9_7F4A_7C15)
        func nextValue() -> String {
            // xorshift64: deterministic, fast, and its output does not compress.
            random ^= random << 13
            random ^= random >> 7
            random ^= random << 17
            return String(random, radix: 16)
        }
        let epoch = 1_700_000_000
        for commit in 0..<commits {
            let message = "Change \(commit)\n"
            stream += Array("commit \(ref)\ncommitter Warden Bench <bench@example.com> \(epoch + commit * 60) +0000\n".utf8)
            stream += Array("data \(message.utf8.count)\n\(message)".utf8)
            let touched = commit == 0 ? Array(0..<files) : [commit % files, (commit * 7 + 3) % files, (commit * 13 + 5) % files]
            for file in touched {
                if commit > 0 {
                    for change in 0..<linesChangedPerCommit {
                        let line = (commit * 31 + change * 17) % contents[file].count
                        contents[file][line] = "let value\(line) = compute(\(file), 0x\(nextValue())) // commit \(commit)"
                    }
                    contents[file].append("// note added in commit \(commit): \(nextValue())")
                }
                let text = contents[file].joined(separator: "\n") + "\n"
                stream += Array("M 100644 inline src/module\(file % 12)/File\(file).swift\ndata \(text.utf8.count)\n".utf8)
                stream += Array(text.utf8)
                stream.append(UInt8(ascii: "\n"))
            }
            stream.append(UInt8(ascii: "\n"))
        }
        return stream
    }
}
