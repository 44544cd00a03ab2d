import Foundation
import Logging
import ServiceLifecycle
import WardenCore
import WardenTestSupport

/// The outside world of a deployed Warden, for the deploy tests' pod: a fake GitLab with project 7 `acme/app` and
/// its merge request 1, the repository behind it on a git smart-HTTP server, and a scripted model.
///
/// Every server listens on 127.0.0.1 (``LoopbackServer``); the pod test runs this program in its "internet" network
/// namespace and puts a TLS front on the public names (`gitlab.example.test`, …) before them, so Warden and codex in
/// the pod reach them only through the egress proxy, exactly as they would reach the real services.
///
/// The model's script is the attack the pod must contain: a shell command that shows where it runs, an
/// `apply_patch` that writes outside the worktree, then a review with one finding.
struct TestWorld: Service {
    /// What the pod test chooses.
    struct Settings: Sendable {
        /// The bot's GitLab token (the fake's only accepted `PRIVATE-TOKEN`, also git's password).
        var token: String
        /// The clone URL GitLab reports for the project (`http_url_to_repo`), as the pod reaches it.
        var cloneURL: String
        /// The model's shell command (its output comes back in the next request).
        var command: String
        /// The absolute path outside the worktree that the model's `apply_patch` tries to create.
        var patchPath: String
    }

    /// The project (`acme/app`) and its merge request, as the Swift end-to-end tests number them.
    static let projectID = 7
    /// The merge request's number in the project.
    static let iid = 1
    /// The merge request's author, a developer of the project.
    static let author = FakeGitLab.User(id: 99, username: "alice")
    /// The token's user: the chart's `bot.username` and `bot.userId` must name it.
    static let bot = FakeGitLab.User(id: 4242, username: "warden-bot")

    /// What the pod test chose.
    let settings: Settings
    /// Where the world logs (standard error; standard output carries only the two JSON lines).
    let logger: Logger

    /// Starts the servers, seeds the merge request, prints one JSON line with the ports and the head commit, serves
    /// until a graceful shutdown (SIGTERM or SIGINT), then prints one JSON line with what the world recorded.
    func run() async throws {
        let root = try TestDataDirectory()
        defer { root.remove() }
        let gitServer = GitHTTPServer(root: root.path, token: Secret(settings.token))
        let gitPort = try await gitServer.start()
        let repository = try await TestRepository.create(in: root.path, name: "acme/app.git")
        let base = try await repository.commit(on: "main", files: ["src/app.py": Self.baseFile], message: "base")
        let head = try await repository.commit(on: "feature", files: ["src/app.py": Self.headFile], message: "feature", parent: base)
        try await repository.setRef("refs/merge-requests/\(Self.iid)/head", to: head)

        let gitlab = FakeGitLab(token: settings.token, user: Self.bot)
        let gitlabURL = try await gitlab.start()
        await gitlab.addProject(id: Self.projectID, path: "acme/app", repositoryPath: repository.path, httpURLToRepo: settings.cloneURL)
        await gitlab.setAccessLevel(projectID: Self.projectID, userID: Self.author.id, 30)
        try await gitlab.openMergeRequest(
            projectID: Self.projectID, iid: Self.iid, sourceBranch: "feature", targetBranch: "main",
            title: "Divide by the count", description: "Adds a ratio.", authorID: Self.author.id
        )
        let model = ScriptedModelServer(script: script)
        let modelPort = try await model.start()

        Self.printLine([
            "gitlab_port": gitlabURL.port ?? 0, "git_port": gitPort, "model_port": modelPort, "head_sha": head,
            "project_id": Self.projectID, "iid": Self.iid, "author": ["id": Self.author.id, "username": Self.author.username],
        ])
        logger.info("world up", metadata: ["gitlab": "\(gitlabURL)", "git": "\(gitPort)", "model": "\(modelPort)"])
        try? await gracefulShutdown()

        let notes = await gitlab.storedNotes(projectID: Self.projectID, iid: Self.iid).map { note -> [String: Any] in
            ["body": note.body, "author_id": note.authorID, "inline": note.hasPosition]
        }
        let requests = await model.requests.filter { $0.method == "POST" && $0.path.hasSuffix("/responses") }
        Self.printLine([
            "notes": notes,
            "model_requests": requests.map { ["tools": $0.toolNames.sorted(), "tool_outputs": Self.toolOutputs(of: $0.body)] },
            "git_requests": await gitServer.requests().count,
        ])
        await model.stop()
        await gitlab.stop()
        await gitServer.stop()
    }

    /// The model's turns: the shell command, the out-of-worktree `apply_patch`, the review.
    var script: [ModelTurn] {
        let patch = "*** Begin Patch\n*** Add File: \(settings.patchPath)\n+written by the model\n*** End Patch\n"
        let review = """
            {"summary":"Divides by a count that may be zero.","verdict":"request_changes","findings":[{"title":"Division by zero",\
            "body":"count may be 0.","priority":1,"confidence":0.9,"path":"src/app.py","start_line":3,"end_line":3,"side":"new"}]}
            """
        return [.exec(settings.command), .applyPatch(patch), .structured(review)]
    }

    /// The base file of `src/app.py`.
    static let baseFile = "def ratio(total, count):\n    return total\n"
    /// The head: line 3 divides by `count`.
    static let headFile = "def ratio(total, count):\n    # the mean\n    return total / count\n"

    /// The `output` of every tool-call output item in a Responses request's `input` (text as is, anything else as
    /// JSON), in order.
    static func toolOutputs(of body: Data) -> [String] {
        guard let request = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let input = request["input"] as? [[String: Any]]
        else { return [] }
        return input.compactMap { item -> String? in
            guard let type = item["type"] as? String, type.hasSuffix("_call_output"), let output = item["output"] else { return nil }
            if let text = output as? String { return text }
            guard let data = try? JSONSerialization.data(withJSONObject: output) else { return nil }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Writes `object` as one line of JSON on standard output (the pod test reads it), flushed at once.
    static func printLine(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}
