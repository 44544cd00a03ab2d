import Foundation
import WardenTestSupport

/// The merge request of ``IncrementalReviewBenchmark``: a synthetic repository, a first head that rewrites a quarter
/// of the lines of `changedFiles` files, and a second head one changed line later (the push that is re-reviewed).
struct SyntheticMergeRequest: Sendable {
    /// The bare repository.
    let repositoryPath: String
    /// The target branch's commit the merge request starts from.
    let base: String
    /// The head of the first review.
    let firstHead: String
    /// The head after the one-line push.
    let secondHead: String
    /// The files the merge request changes.
    let changedPaths: [String]

    /// Builds the repository under `directory`.
    /// - Throws: ``BenchmarkFailure`` when git fails.
    static func build(files: Int, changedFiles: Int, in directory: String) async throws -> SyntheticMergeRequest {
        do {
            let repository = try await TestRepository.create(in: directory, name: "synthetic.git")
            try await repository.importHistory(SyntheticHistory(commits: 3, files: files).fastImportStream(ref: "refs/heads/main"))
            guard let base = try await repository.tip(of: "refs/heads/main") else {
                throw BenchmarkFailure(message: "the synthetic history has no main branch")
            }
            let step = max(1, files / max(1, changedFiles))
            let indexes = stride(from: 0, to: files, by: step).prefix(changedFiles)
            let paths = indexes.map { "src/module\($0 % 12)/File\($0).swift" }
            var rewritten: [String: String] = [:]
            for path in paths {
                guard let text = try await repository.contents(of: path, at: base) else {
                    throw BenchmarkFailure(message: "\(path) is missing from the synthetic tree")
                }
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for index in stride(from: 0, to: lines.count - 1, by: 4) {
                    lines[index] = "let value\(index) = compute(overflowChecked: \(index * 7919 % 1000)) // reworked in the merge request"
                }
                rewritten[path] = lines.joined(separator: "\n")
            }
            let firstHead = try await repository.commit(on: "refs/heads/feature", files: rewritten, message: "Rework values", parent: base)
            guard let pushedPath = paths.first, let pushed = rewritten[pushedPath] else {
                throw BenchmarkFailure(message: "the merge request changes no file")
            }
            let oneLine = pushed.replacingOccurrences(of: "let value4 = ", with: "let value4: Int = ")
            let secondHead = try await repository.commit(on: "refs/heads/feature", files: [pushedPath: oneLine], message: "Type value4")
            return SyntheticMergeRequest(repositoryPath: repository.path, base: base, firstHead: firstHead, secondHead: secondHead, changedPaths: paths)
        } catch let failure as BenchmarkFailure {
            throw failure
        } catch {
            throw BenchmarkFailure(message: "cannot build the synthetic merge request: \(error)")
        }
    }

    /// The size of `git diff <from> <to>` in bytes, as the model would read it.
    /// - Throws: ``BenchmarkFailure`` when git fails.
    static func diffBytes(repository: String, from: String, to: String) async throws -> Int {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("warden-bench-diff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw BenchmarkFailure(message: "cannot create \(output.path)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir", repository, "diff", from, to]
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchmarkFailure(message: "git diff \(from) \(to) failed") }
        return (try FileManager.default.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.intValue ?? 0
    }
}
