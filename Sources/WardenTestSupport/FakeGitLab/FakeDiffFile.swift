import Foundation

/// One file of a merge request version, in GitLab's shape, with the lines a comment may anchor to.
struct FakeDiffFile: Sendable, Hashable {
    /// A line a comment may anchor to: added lines have only `new`, removed lines only `old`, context lines both.
    struct Anchor: Sendable, Hashable {
        var old: Int?
        var new: Int?
    }

    var oldPath: String
    var newPath: String
    var aMode: String
    var bMode: String
    /// The hunks, from the first `@@` on, ending with a newline (GitLab's `diff` field); empty for binary files.
    var diff: String
    var newFile: Bool
    var renamedFile: Bool
    var deletedFile: Bool
    var anchors: Set<Anchor>

    /// Splits `git diff --full-index --find-renames` output into files.
    static func parse(gitDiff output: String) -> [FakeDiffFile] {
        var files: [FakeDiffFile] = []
        var section: [Substring] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("diff --git "), !section.isEmpty {
                files.append(file(from: section))
                section = []
            }
            section.append(line)
        }
        if section.contains(where: { $0.hasPrefix("diff --git ") }) {
            files.append(file(from: section))
        }
        return files
    }

    private static func file(from section: [Substring]) -> FakeDiffFile {
        var oldPath: String?
        var newPath: String?
        var aMode = "100644"
        var bMode = "100644"
        var newFile = false
        var deletedFile = false
        var renamed = false
        var hunkStart = section.count
        for (index, line) in section.enumerated() {
            if line.hasPrefix("@@") {
                hunkStart = index
                break
            }
            if line.hasPrefix("new file mode ") {
                newFile = true
                bMode = String(line.dropFirst("new file mode ".count))
                aMode = "0"
            } else if line.hasPrefix("deleted file mode ") {
                deletedFile = true
                aMode = String(line.dropFirst("deleted file mode ".count))
                bMode = "0"
            } else if line.hasPrefix("old mode ") {
                aMode = String(line.dropFirst("old mode ".count))
            } else if line.hasPrefix("new mode ") {
                bMode = String(line.dropFirst("new mode ".count))
            } else if line.hasPrefix("index "), let modes = line.split(separator: " ").dropFirst(2).first {
                aMode = newFile ? aMode : String(modes)
                bMode = deletedFile ? bMode : String(modes)
            } else if line.hasPrefix("rename from ") {
                renamed = true
                oldPath = String(line.dropFirst("rename from ".count))
            } else if line.hasPrefix("rename to ") {
                renamed = true
                newPath = String(line.dropFirst("rename to ".count))
            } else if line.hasPrefix("--- "), oldPath == nil {
                let path = line.dropFirst(4)
                if path != "/dev/null" { oldPath = String(path.dropFirst(2)) }
            } else if line.hasPrefix("+++ "), newPath == nil {
                let path = line.dropFirst(4)
                if path != "/dev/null" { newPath = String(path.dropFirst(2)) }
            }
        }
        if oldPath == nil || newPath == nil, let header = section.first {
            // Files without ---/+++ lines (binary, mode-only): `diff --git a/<old> b/<new>`.
            let paths = header.dropFirst("diff --git a/".count)
            if let split = paths.range(of: " b/") {
                oldPath = oldPath ?? String(paths[..<split.lowerBound])
                newPath = newPath ?? String(paths[split.upperBound...])
            }
        }
        let old = oldPath ?? newPath ?? ""
        let new = newPath ?? oldPath ?? ""
        var hunkLines = Array(section[hunkStart...])
        while hunkLines.last == "" { hunkLines.removeLast() }
        let diff = hunkLines.isEmpty ? "" : hunkLines.joined(separator: "\n") + "\n"
        return FakeDiffFile(
            oldPath: old,
            newPath: new,
            aMode: aMode,
            bMode: bMode,
            diff: diff,
            newFile: newFile,
            renamedFile: renamed,
            deletedFile: deletedFile,
            anchors: anchors(in: hunkLines)
        )
    }

    /// The lines of the hunks, numbered as GitLab numbers them.
    static func anchors(in lines: [Substring]) -> Set<Anchor> {
        var anchors: Set<Anchor> = []
        var oldLine = 0
        var newLine = 0
        for line in lines {
            if line.hasPrefix("@@") {
                let fields = line.split(separator: " ")
                guard fields.count >= 3 else { continue }
                oldLine = Int(fields[1].dropFirst().split(separator: ",")[0]) ?? 0
                newLine = Int(fields[2].dropFirst().split(separator: ",")[0]) ?? 0
            } else if line.hasPrefix("+") {
                anchors.insert(Anchor(old: nil, new: newLine))
                newLine += 1
            } else if line.hasPrefix("-") {
                anchors.insert(Anchor(old: oldLine, new: nil))
                oldLine += 1
            } else if line.hasPrefix(" ") {
                anchors.insert(Anchor(old: oldLine, new: newLine))
                oldLine += 1
                newLine += 1
            }
        }
        return anchors
    }
}
