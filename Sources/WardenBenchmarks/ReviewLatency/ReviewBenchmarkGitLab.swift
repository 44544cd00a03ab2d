import Foundation
import Hummingbird
import NIOCore

/// The benchmark's stand-in for GitLab's REST API, on a loopback server of its own.
///
/// Project 1 (cloned from `remoteURL`) and any merge request number, all on the same `base..head`, with no diff text
/// (the measured span ends before the diff is used) and no threads; notes are accepted and echoed. It computes nothing
/// (unlike WardenTestSupport's `FakeGitLab`, which diffs the repository), so the measured span holds Warden's work only.
actor ReviewBenchmarkGitLab {
    /// The bot's user id in the stand-in's answers.
    static let botID = 4242

    /// The repository's clone URL in the project's answer.
    let remoteURL: String
    /// The merge requests' base (and start) commit.
    let baseSHA: String
    /// The merge requests' head commit.
    let headSHA: String
    private var nextNoteID = 1

    /// A stand-in whose merge requests all cover `baseSHA..headSHA` of the repository at `remoteURL`.
    init(remoteURL: String, baseSHA: String, headSHA: String) {
        self.remoteURL = remoteURL
        self.baseSHA = baseSHA
        self.headSHA = headSHA
    }

    private func newNoteID() -> Int {
        nextNoteID += 1
        return nextNoteID
    }

    /// The routes of the REST API the review worker calls.
    nonisolated func router() -> Router<BasicRequestContext> {
        let router = Router()
        let api = router.group("/api/v4/projects/:project")
        api.get("") { _, _ in
            Self.json(
                Self.encode([
                    "id": 1, "path_with_namespace": "bench/app", "default_branch": "main", "http_url_to_repo": self.remoteURL,
                    "web_url": "http://bench/app",
                ])
            )
        }
        api.get("/merge_requests/:iid") { _, context in
            let iid = context.parameters.get("iid", as: Int.self) ?? 1
            return Self.json(
                Self.encode([
                    "iid": iid, "project_id": 1, "title": "Benchmark", "description": "", "source_branch": "feature", "target_branch": "main",
                    "sha": self.headSHA, "state": "opened", "draft": false, "web_url": "http://bench/app/-/merge_requests/\(iid)",
                ])
            )
        }
        api.get("/merge_requests/:iid/versions") { _, _ in
            Self.json(Self.encode([["id": 1, "base_commit_sha": self.baseSHA, "start_commit_sha": self.baseSHA, "head_commit_sha": self.headSHA]]))
        }
        api.get("/merge_requests/:iid/diffs") { _, _ in Self.json("[]") }
        api.get("/merge_requests/:iid/discussions") { _, _ in Self.json("[]") }
        api.post("/merge_requests/:iid/notes") { request, _ in
            try await self.note(request)
        }
        api.put("/merge_requests/:iid/notes/:note") { request, _ in
            try await self.note(request)
        }
        return router
    }

    /// Echoes a created or edited note as the bot's.
    private nonisolated func note(_ request: Request) async throws -> Response {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        let fields = (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any]
        let id = await newNoteID()
        return Self.json(
            Self.encode([
                "id": id, "body": fields?["body"] as? String ?? "", "system": false,
                "author": ["id": Self.botID, "username": "warden-bot"],
            ]),
            status: .created
        )
    }

    private static func encode(_ value: Any) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: value)) ?? Data(), as: UTF8.self)
    }

    private static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
