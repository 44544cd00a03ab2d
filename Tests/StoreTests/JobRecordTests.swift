import Foundation
import Store
import Testing
import WardenCore

@Suite("Job records")
struct JobRecordTests {
    private let record = JobRecord(
        id: "note-42-7-900",
        kind: .note,
        state: .failed,
        attempts: 2,
        lastError: "forge answered 502",
        createdAt: Date(timeIntervalSince1970: 1_800_000_000),
        updatedAt: Date(timeIntervalSince1970: 1_800_000_060.5),
        runAfter: Date(timeIntervalSince1970: 1_800_000_080),
        projectID: 42,
        mergeRequestIID: 7,
        noteID: 900,
        discussionID: "d-1",
        position: NotePosition(oldPath: "a.swift", newPath: "b.swift", oldLine: 1, newLine: 2)
    )

    @Test("JSON uses snake_case keys and ISO 8601 timestamps whatever the encoder's date strategy")
    func jsonShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(record)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "id", "kind", "state", "attempts", "last_error", "created_at", "updated_at", "run_after", "project_id",
                "merge_request_iid", "note_id", "discussion_id", "position", "forge",
            ]
        )
        #expect(object["forge"] as? String == "gitlab")
        #expect(object["created_at"] as? String == "2027-01-15T08:00:00.000Z")
        #expect(object["updated_at"] as? String == "2027-01-15T08:01:00.500Z")
        #expect(object["state"] as? String == "failed")
        let position = try #require(object["position"] as? [String: Any])
        #expect(Set(position.keys) == ["old_path", "new_path", "old_line", "new_line"])
    }

    @Test("a record survives a JSON round trip")
    func roundTrip() throws {
        let data = try JSONEncoder().encode(record)
        #expect(try JSONDecoder().decode(JobRecord.self, from: data) == record)
    }

    @Test("a GitHub job's JSON names its forge, repository and installation; JSON without a forge is GitLab's")
    func forgeJSON() throws {
        var github = record
        github.forge = .github
        github.repository = "acme/widgets"
        github.installationID = 77
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(github)) as? [String: Any])
        #expect(object["forge"] as? String == "github")
        #expect(object["repository"] as? String == "acme/widgets")
        #expect(object["installation_id"] as? Int == 77)
        #expect(try JSONDecoder().decode(JobRecord.self, from: JSONEncoder().encode(github)) == github)

        var older = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(record)) as? [String: Any])
        older["forge"] = nil
        let decoded = try JSONDecoder().decode(JobRecord.self, from: JSONSerialization.data(withJSONObject: older))
        #expect(decoded.forge == .gitlab && decoded == record)
    }

    @Test("a job view writes every key, null where the job has no value, and decodes back")
    func viewHasEveryKey() throws {
        let bare = JobRecord(
            id: "review-42-7-abc", kind: .review, state: .pending, attempts: 0, createdAt: record.createdAt, updatedAt: record.updatedAt,
            projectID: 42, mergeRequestIID: 7, headSHA: "abc"
        )
        let data = try JSONEncoder().encode(JobView(bare))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == JobView.keys)
        #expect(object["last_error"] is NSNull)
        #expect(object["lease_expires_at"] is NSNull)
        #expect(try JSONDecoder().decode(JobView.self, from: data) == JobView(bare))
        #expect(try JSONDecoder().decode(JobView.self, from: JSONEncoder().encode(JobView(record))).job == record)
    }

    @Test("a pause state encodes its time as ISO 8601 and round-trips")
    func pauseStateJSON() throws {
        let pause = PauseState(reason: "GitLab answered 401", since: Date(timeIntervalSince1970: 1_800_000_000))
        let data = try JSONEncoder().encode(pause)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["since"] as? String == "2027-01-15T08:00:00.000Z")
        #expect(try JSONDecoder().decode(PauseState.self, from: data) == pause)
    }
}
