import Forge
import Foundation
import Testing
import WardenCore

@testable import WardenTestSupport

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("Fake GitLab")
struct FakeGitLabTests {
    struct PositionCase: Sendable, CustomTestStringConvertible {
        let name: String
        var oldPath = "src/app.txt"
        var newPath = "src/app.txt"
        let oldLine: Int?
        let newLine: Int?
        var sha: String?
        /// `nil` when the position is accepted, else the message of the 400.
        let refusal: String?
        var testDescription: String { name }
    }

    static let lineCode = "400 Bad request - Note {:line_code=>[\"can't be blank\", \"must be a valid line code\"]}"

    static let positionCases: [PositionCase] = [
        PositionCase(name: "an added line with new_line only", oldLine: nil, newLine: 2, refusal: nil),
        PositionCase(name: "a removed line with old_line only", oldLine: 2, newLine: nil, refusal: nil),
        PositionCase(name: "a context line with both lines", oldLine: 4, newLine: 4, refusal: nil),
        PositionCase(name: "an appended line with new_line only", oldLine: nil, newLine: 6, refusal: nil),
        PositionCase(name: "an added file's line", oldPath: "docs/new.md", newPath: "docs/new.md", oldLine: nil, newLine: 3, refusal: nil),
        PositionCase(name: "an added line sent with both lines", oldLine: 2, newLine: 2, refusal: lineCode),
        PositionCase(name: "a removed line sent as new_line", oldLine: nil, newLine: 7, refusal: lineCode),
        PositionCase(name: "a context line sent with new_line only", oldLine: nil, newLine: 4, refusal: lineCode),
        PositionCase(name: "a line outside every hunk", oldLine: 40, newLine: 40, refusal: lineCode),
        PositionCase(name: "no line at all", oldLine: nil, newLine: nil, refusal: lineCode),
        PositionCase(name: "a file that is not in the diff", oldPath: "README.md", newPath: "README.md", oldLine: 1, newLine: 1, refusal: lineCode),
        PositionCase(name: "an empty old path", oldPath: "", oldLine: nil, newLine: 2, refusal: lineCode),
        PositionCase(name: "SHAs of no version", oldLine: nil, newLine: 2, sha: "0000000000000000000000000000000000000000", refusal: lineCode),
        PositionCase(
            name: "a missing base SHA",
            oldLine: nil,
            newLine: 2,
            sha: "",
            refusal: "position[base_sha] is missing, position[start_sha] is missing, position[head_sha] is missing"
        ),
    ]

    @Test("positions are accepted or refused as GitLab does", arguments: positionCases)
    func positions(_ testCase: PositionCase) async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let client = testbed.client()
        let project = ProjectRef.id(GitLabTestbed.projectID)
        let version = try await client.latestDiffVersion(project, iid: GitLabTestbed.iid)
        let position = DiffPosition(
            baseSHA: testCase.sha ?? version.baseSHA,
            startSHA: testCase.sha ?? version.startSHA,
            headSHA: testCase.sha ?? version.headSHA,
            oldPath: testCase.oldPath,
            newPath: testCase.newPath,
            oldLine: testCase.oldLine,
            newLine: testCase.newLine
        )
        do {
            _ = try await client.createDiscussion(project, iid: GitLabTestbed.iid, body: "x", position: position)
            #expect(testCase.refusal == nil)
        } catch let error as ForgeError {
            #expect(error.isInvalidPosition)
            #expect(error.message == testCase.refusal)
        }
    }

    @Test("a position type GitLab does not know is refused by name")
    func invalidPositionType() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let version = try #require(await testbed.gitlab.versions(projectID: GitLabTestbed.projectID, iid: GitLabTestbed.iid).first)
        let body: ScriptedJSON = [
            "body": "x",
            "position": [
                "base_sha": .string(version.baseSHA), "start_sha": .string(version.startSHA), "head_sha": .string(version.headSHA),
                "position_type": "line", "old_path": "src/app.txt", "new_path": "src/app.txt", "new_line": 2,
            ],
        ]
        let (status, _, text) = try await Self.send(
            "POST",
            testbed.baseURL.absoluteString + "/api/v4/projects/7/merge_requests/1/discussions",
            token: testbed.gitlab.token,
            body: body
        )
        #expect(status == 400)
        #expect(text == #"{"error":"position[position_type] does not have a valid value"}"#)
    }

    @Test("a wrong or missing token gets 401 Unauthorized")
    func unauthorized() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        for token in ["wrong", nil] {
            let (status, _, text) = try await Self.send("GET", testbed.baseURL.absoluteString + "/api/v4/projects/7", token: token)
            #expect(status == 401)
            #expect(text == #"{"message":"401 Unauthorized"}"#)
        }
    }

    @Test("lists carry GitLab's pagination headers and per_page stops at 100")
    func paginationHeaders() async throws {
        let testbed = try await GitLabTestbed.start(extraFiles: 248)
        defer { Task { await testbed.stop() } }
        let url = testbed.baseURL.absoluteString + "/api/v4/projects/acme%2Fapp/merge_requests/1/diffs"

        let (_, first, _) = try await Self.send("GET", url + "?per_page=500", token: testbed.gitlab.token)
        #expect(first["x-per-page"] == "100")
        #expect(first["x-total"] == "250")
        #expect(first["x-total-pages"] == "3")
        #expect(first["x-next-page"] == "2")

        let (_, last, text) = try await Self.send("GET", url + "?per_page=100&page=3", token: testbed.gitlab.token)
        #expect(last["x-next-page"] == "")
        #expect(last["x-prev-page"] == "2")
        #expect(ScriptedJSON.parse(Data(text.utf8))?.array?.count == 50)

        let (_, defaults, _) = try await Self.send("GET", url, token: testbed.gitlab.token)
        #expect(defaults["x-per-page"] == "20")
    }

    @Test("notes by other users cannot be edited with the bot's token")
    func foreignNoteEdit() async throws {
        let testbed = try await GitLabTestbed.start()
        defer { Task { await testbed.stop() } }
        let (noteID, _) = try await testbed.gitlab.addNote(
            projectID: GitLabTestbed.projectID,
            iid: GitLabTestbed.iid,
            body: "@warden-bot please look",
            author: FakeGitLab.User(id: 11, username: "alice")
        )
        let error = try await #require(throws: ForgeError.self) {
            try await testbed.client().editNote(.id(GitLabTestbed.projectID), iid: GitLabTestbed.iid, noteID: noteID, body: "changed")
        }
        // A 403 is not the token's fault: it is forbidden here, and the queue must not pause for it.
        #expect(error.isForbidden && !error.isAuthentication)
        #expect(error.status == 403)
    }

    struct DiffCase: Sendable, CustomTestStringConvertible {
        let name: String
        let output: String
        let oldPath: String
        let newPath: String
        let diff: String
        var newFile = false
        var renamedFile = false
        var deletedFile = false
        var testDescription: String { name }
    }

    static let diffCases: [DiffCase] = [
        DiffCase(
            name: "a modified file",
            output:
                "diff --git a/a.txt b/a.txt\nindex 1111111111111111111111111111111111111111..2222222222222222222222222222222222222222 100644\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n+y\n",
            oldPath: "a.txt",
            newPath: "a.txt",
            diff: "@@ -1 +1 @@\n-x\n+y\n"
        ),
        DiffCase(
            name: "a renamed and edited file",
            output:
                "diff --git a/old name.txt b/new name.txt\nsimilarity index 80%\nrename from old name.txt\nrename to new name.txt\nindex 1..2 100644\n--- a/old name.txt\n+++ b/new name.txt\n@@ -1,2 +1,2 @@\n same\n-x\n+y\n",
            oldPath: "old name.txt",
            newPath: "new name.txt",
            diff: "@@ -1,2 +1,2 @@\n same\n-x\n+y\n",
            renamedFile: true
        ),
        DiffCase(
            name: "a pure rename",
            output: "diff --git a/a.txt b/b.txt\nsimilarity index 100%\nrename from a.txt\nrename to b.txt\n",
            oldPath: "a.txt",
            newPath: "b.txt",
            diff: "",
            renamedFile: true
        ),
        DiffCase(
            name: "a deleted file",
            output: "diff --git a/gone.txt b/gone.txt\ndeleted file mode 100644\nindex 1..0\n--- a/gone.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n",
            oldPath: "gone.txt",
            newPath: "gone.txt",
            diff: "@@ -1 +0,0 @@\n-x\n",
            deletedFile: true
        ),
        DiffCase(
            name: "an added binary file",
            output: "diff --git a/logo.png b/logo.png\nnew file mode 100644\nindex 0..1\nBinary files /dev/null and b/logo.png differ\n",
            oldPath: "logo.png",
            newPath: "logo.png",
            diff: "",
            newFile: true
        ),
    ]

    @Test("git diff output becomes GitLab's per-file diffs", arguments: diffCases)
    func diffParsing(_ testCase: DiffCase) throws {
        let files = FakeDiffFile.parse(gitDiff: testCase.output)
        let file = try #require(files.first)
        #expect(files.count == 1)
        #expect(file.oldPath == testCase.oldPath)
        #expect(file.newPath == testCase.newPath)
        #expect(file.diff == testCase.diff)
        #expect(file.newFile == testCase.newFile)
        #expect(file.renamedFile == testCase.renamedFile)
        #expect(file.deletedFile == testCase.deletedFile)
    }

    // MARK: Raw HTTP

    /// Sends a request without the client, to see exactly what the fake answers.
    static func send(_ method: String, _ url: String, token: String?, body: ScriptedJSON? = nil) async throws -> (Int, [String: String], String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        if let token { request.setValue(token, forHTTPHeaderField: "PRIVATE-TOKEN") }
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.serialized.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return (http.statusCode, headers, String(decoding: data, as: UTF8.self))
    }
}
