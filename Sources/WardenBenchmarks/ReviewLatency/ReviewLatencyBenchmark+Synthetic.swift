import WardenTestSupport

extension ReviewLatencyBenchmark {
    /// Builds a synthetic repository to review (`warden bench review-latency --files N`): `files` files and `commits`
    /// commits on `main`, the last of which is the merge request.
    ///
    /// - Parameters:
    ///   - files: files in the tree.
    ///   - commits: commits in the history (at least 3: the benchmark reviews `HEAD~1..HEAD`).
    ///   - directory: where the bare repository is created.
    /// - Returns: the repository's path, for ``Parameters/repositoryPath``.
    /// - Throws: WardenTestSupport's `TestSupportError` when git fails.
    public static func syntheticRepository(files: Int, commits: Int, in directory: String) async throws -> String {
        let repository = try await TestRepository.create(in: directory, name: "synthetic.git")
        try await repository.importHistory(SyntheticHistory(commits: max(3, commits), files: files).fastImportStream(ref: "refs/heads/main"))
        return repository.path
    }
}
