import Forge
import Foundation
import WardenCore
import WardenTestSupport

/// A fake GitLab with one project backed by a real bare repository and merge request !1, plus a client for it.
///
/// The repository: `main` has `src/app.txt` (five lines) and `README.md`; `feature` (from `main`) changes line 2 of
/// `src/app.txt`, appends a sixth line, and adds `docs/new.md` plus `extraFiles` generated files.
struct GitLabTestbed {
    static let projectID = 7
    static let projectPath = "acme/app"
    static let iid = 1

    let gitlab: FakeGitLab
    let repository: TestRepository
    let directory: TestDataDirectory
    let baseURL: URL
    let clock: GitLabTestClock
    let mainSHA: String
    let featureSHA: String

    static let appBefore = "one\ntwo\nthree\nfour\nfive\n"
    static let appAfter = "one\nTWO\nthree\nfour\nfive\nsix\n"

    static func start(extraFiles: Int = 0) async throws -> GitLabTestbed {
        let directory = try TestDataDirectory()
        let repository = try await TestRepository.create(in: directory.path, name: "acme/app.git")
        let main = try await repository.commit(on: "main", files: ["src/app.txt": appBefore, "README.md": "hello\n"], message: "start")
        var changes = ["src/app.txt": appAfter, "docs/new.md": "# New\n\nA new page.\n"]
        for index in 0..<extraFiles {
            changes[String(format: "gen/file%03d.txt", index)] = "generated \(index)\n"
        }
        let feature = try await repository.commit(on: "feature", files: changes, message: "change", parent: main)
        let gitlab = FakeGitLab()
        let baseURL = try await gitlab.start()
        await gitlab.addProject(id: projectID, path: projectPath, repositoryPath: repository.path)
        try await gitlab.openMergeRequest(
            projectID: projectID,
            iid: iid,
            sourceBranch: "feature",
            targetBranch: "main",
            title: "Shout the second line",
            description: "Makes two loud.",
            authorID: 11
        )
        return GitLabTestbed(
            gitlab: gitlab,
            repository: repository,
            directory: directory,
            baseURL: baseURL,
            clock: GitLabTestClock(),
            mainSHA: main,
            featureSHA: feature
        )
    }

    /// A client with the fake's token (or `token`), a clock that never sleeps, and a limiter that never waits (or `noteLimiter`).
    func client(token: String? = nil, noteLimiter: NoteRateLimiter? = nil) -> GitLabClient {
        GitLabClient(
            baseURL: baseURL.absoluteString + "/",
            token: Secret(token ?? gitlab.token),
            noteLimiter: noteLimiter ?? NoteRateLimiter(burst: 10_000, clock: clock),
            clock: clock
        )
    }

    func stop() async {
        await gitlab.stop()
        directory.remove()
    }
}
