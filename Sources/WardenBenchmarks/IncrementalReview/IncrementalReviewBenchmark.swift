import Codex
import Foundation
import Git
public import Logging
import ReviewBot
import WardenCore
import WardenTestSupport

/// Measures what a re-review after a one-line push sends to the model, against the first, full review of the same
/// merge request (`warden bench review-prompt`).
///
/// A synthetic repository (``SyntheticHistory``) gets a merge request that rewrites `changedFiles` files, then a push
/// that changes one line. Both reviews run the real codex against WardenTestSupport's scripted model, which does what
/// Warden's prompt tells a model to do — run `git diff` of the range in scope — and then answers with an empty
/// review. Two measures per review:
/// - Warden's part: the prompt's bytes plus the bytes of the scope's diff (what the model must read);
/// - everything the model received: the bytes of every request codex sent in the run, which adds codex's own
///   instructions and tool definitions (the same for both reviews) to Warden's part.
public struct IncrementalReviewBenchmark: Sendable {
    /// What to run.
    public struct Parameters: Sendable {
        /// Files in the synthetic repository.
        public var files: Int
        /// Files the merge request rewrites.
        public var changedFiles: Int
        /// Findings the first review posted (listed to the model in the re-review so it does not repeat them).
        public var findings: Int
        /// The codex binary.
        public var codexBinary: String
        /// The scratch directory; removed by the caller.
        public var dataDirectory: String

        /// Creates parameters.
        public init(files: Int, changedFiles: Int, findings: Int, codexBinary: String, dataDirectory: String) {
            self.files = files
            self.changedFiles = changedFiles
            self.findings = findings
            self.codexBinary = codexBinary
            self.dataDirectory = dataDirectory
        }
    }

    /// One review's figures.
    public struct Review: Sendable, Codable {
        /// Warden's prompt, in bytes.
        public var promptBytes: Int
        /// `git diff` of the range in scope, in bytes.
        public var scopeDiffBytes: Int
        /// All requests codex sent to the model in the run, in bytes.
        public var modelRequestBytes: Int
        /// How many requests that was.
        public var modelRequests: Int
        /// The first request alone: codex's own instructions and tool definitions plus the prompt.
        public var firstRequestBytes: Int

        /// Warden's part: prompt plus scope diff.
        public var wardenBytes: Int { promptBytes + scopeDiffBytes }
    }

    /// The figures.
    public struct Report: Sendable, Codable {
        /// The first review of the merge request.
        public var full: Review
        /// The review after a one-line push.
        public var incremental: Review
        /// The parameters' sizes, for the caption.
        public var files: Int
        public var changedFiles: Int
        public var findings: Int

        /// Warden's part of the re-review as a fraction of the full review's.
        public var wardenRatio: Double { Double(incremental.wardenBytes) / Double(max(1, full.wardenBytes)) }
        /// Everything the model received in the re-review as a fraction of the full review's.
        public var modelRatio: Double { Double(incremental.modelRequestBytes) / Double(max(1, full.modelRequestBytes)) }
    }

    private let parameters: Parameters
    private let logger: Logger

    /// Creates a benchmark.
    public init(parameters: Parameters, logger: Logger) {
        self.parameters = parameters
        self.logger = logger
    }

    /// Builds the repository and runs both reviews.
    /// - Throws: ``BenchmarkFailure`` when git or codex fails.
    public func run() async throws -> Report {
        var quiet = logger
        quiet.logLevel = .critical
        let root = parameters.dataDirectory
        let history = try await SyntheticMergeRequest.build(
            files: parameters.files, changedFiles: parameters.changedFiles, in: root + "/source"
        )
        let model = ScriptedModelServer(logger: quiet)
        let modelPort = try await model.start()
        defer { Task { await model.stop() } }
        // codex's sandbox hides the temporary directory from the model's commands, so its home (where it keeps the
        // sandbox helper) and the worktrees live where TestCodexHome puts them: out of /tmp even when the data
        // directory is in it.
        let home = try TestCodexHome(modelServerPort: modelPort)
        defer { try? home.remove() }
        let codexHome = home.codexHome
        let runner = ExecRunner.benchmark(codexBinary: parameters.codexBinary, modelPort: modelPort, codexHome: codexHome, logger: quiet)
        let cache = RepositoryCache(root: home.workDirectory + "/cache", logger: quiet)
        let remote = "file://" + history.repositoryPath

        let posted = (0..<parameters.findings).map { index in
            PostedFinding(title: "Unchecked result of compute() can overflow (\(index + 1))", path: history.changedPaths[index % history.changedPaths.count], line: 10 + index)
        }
        let full = try await review(
            scope: .full(baseSHA: history.base, headSHA: history.firstHead),
            diff: (history.base, history.firstHead),
            runner: runner, model: model, cache: cache, remote: remote, repository: history.repositoryPath
        )
        let incremental = try await review(
            scope: .sinceLastReview(lastReviewedSHA: history.firstHead, baseSHA: history.base, headSHA: history.secondHead, alreadyPosted: posted),
            diff: (history.firstHead, history.secondHead),
            runner: runner, model: model, cache: cache, remote: remote, repository: history.repositoryPath
        )
        return Report(
            full: full, incremental: incremental,
            files: parameters.files, changedFiles: parameters.changedFiles, findings: parameters.findings
        )
    }

    /// Runs one review of `scope` and measures it.
    private func review(
        scope: ReviewPrompt.Scope,
        diff range: (from: String, to: String),
        runner: ExecRunner,
        model: ScriptedModelServer,
        cache: RepositoryCache,
        remote: String,
        repository: String
    ) async throws -> Review {
        let head = range.to
        let prompt = ReviewPrompt(
            title: "Rework value computation in the synthetic modules",
            description: "Moves every value to the new compute() overload and adds notes. Closes #42.",
            repositoryInstructions: nil,
            scope: scope
        ).text
        let scopeDiff = try await SyntheticMergeRequest.diffBytes(repository: repository, from: range.from, to: range.to)
        let worktree = try await cache.prepareWorktree(project: 1, remoteURL: remote, credential: nil, sha: head, fetchRefs: [], name: "bench-\(head)")
        defer { Task { try? await worktree.remove() } }
        let empty = #"{"summary":"No problems found.","verdict":"approve","findings":[]}"#
        await model.setScript([.exec("git diff \(range.from)..\(range.to)"), .structured(empty)])
        let before = await model.requests.count
        do {
            _ = try await runner.run(
                ExecRequest(prompt: prompt, workingDirectory: worktree.path, timeout: .seconds(120), outputSchema: ReviewOutput.jsonSchema)
            ) { _ in }
        } catch {
            throw BenchmarkFailure(message: "codex failed on the \(head.prefix(8)) review: \(error)")
        }
        let requests = await model.requests.dropFirst(before).filter { $0.path.hasSuffix("/responses") }
        guard requests.count == 2 else {
            throw BenchmarkFailure(message: "expected 2 model requests (the diff, then the answer), saw \(requests.count)")
        }
        guard let last = requests.last, String(decoding: last.body, as: UTF8.self).contains(Self.diffMarker) else {
            throw BenchmarkFailure(message: "the model never received the scope's diff; the measure would be meaningless")
        }
        return Review(
            promptBytes: prompt.utf8.count,
            scopeDiffBytes: scopeDiff,
            modelRequestBytes: requests.reduce(0) { $0 + $1.body.count },
            modelRequests: requests.count,
            firstRequestBytes: requests.first?.body.count ?? 0
        )
    }

    /// What every diff of the synthetic merge request starts with: the header of its first file.
    private static let diffMarker = "diff --git a/src/"
}
