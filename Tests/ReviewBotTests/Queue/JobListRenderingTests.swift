import Foundation
import ReviewBot
import Store
import Testing
import WardenCore

@Suite("Job list rendering")
struct JobListRenderingTests {
    static let created = Date(timeIntervalSince1970: 1_795_000_000)

    static func job(_ id: String, state: JobState, attempts: Int = 0, lastError: String? = nil) -> JobRecord {
        let github = id.contains("-github-")
        return JobRecord(
            id: id, kind: id.hasPrefix("note-") ? .note : .review, state: state, attempts: attempts, lastError: lastError,
            createdAt: created, updatedAt: created, forge: github ? .github : .gitlab, projectID: 5, mergeRequestIID: 1,
            repository: github ? "acme/widgets" : nil, headSHA: id.hasPrefix("review-") ? "abc" : nil
        )
    }

    @Test("JSON is one array of objects with the fields scripts rely on")
    func json() throws {
        let text = try JobListRendering.json([Self.job("review-5-1-abc", state: .dead, attempts: 5, lastError: "codex timed out")])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(decoded.count == 1)
        let object = try #require(decoded.first)
        #expect(object["id"] as? String == "review-5-1-abc")
        #expect(object["kind"] as? String == "review")
        #expect(object["state"] as? String == "dead")
        #expect(object["attempts"] as? Int == 5)
        #expect(object["last_error"] as? String == "codex timed out")
        #expect(object["created_at"] as? String == "2026-11-18T11:06:40.000Z")
        #expect(object["forge"] as? String == "gitlab")
        #expect(object["repository"] is NSNull)
    }

    @Test("a GitHub job is listed with its forge and repository, in JSON and in the table")
    func github() throws {
        let jobs = [Self.job("review-github-5-1-abc", state: .pending), Self.job("review-5-1-abc", state: .pending)]
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(JobListRendering.json(jobs).utf8)) as? [[String: Any]])
        #expect(decoded.map { $0["forge"] as? String } == ["github", "gitlab"])
        #expect(decoded.first?["repository"] as? String == "acme/widgets")
        let lines = JobListRendering.table(jobs).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("ID") && lines[0].contains("FORGE"))
        let forgeColumn = try #require(lines[0].range(of: "FORGE")).lowerBound
        let offset = lines[0].distance(from: lines[0].startIndex, to: forgeColumn)
        #expect(lines.dropFirst().map { $0.dropFirst(offset).prefix(6).trimmingCharacters(in: .whitespaces) } == ["github", "gitlab"])
    }

    @Test("an empty queue is an empty JSON array and a sentence in the table")
    func empty() throws {
        #expect(try JobListRendering.json([]).filter { !$0.isWhitespace } == "[]")
        #expect(JobListRendering.table([]) == "no jobs\n")
    }

    @Test("the table aligns columns and keeps a multi-line error on one line")
    func table() {
        let text = JobListRendering.table([
            Self.job("review-5-1-abc", state: .failed, attempts: 2, lastError: "GitLab answered 502\nBad Gateway"),
            Self.job("note-5-1-77", state: .pending),
        ])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ID "))
        #expect(lines[1].contains("failed") && lines[1].hasSuffix("GitLab answered 502 Bad Gateway"))
        let stateColumn = lines[0].range(of: "STATE").map { lines[0].distance(from: lines[0].startIndex, to: $0.lowerBound) }
        #expect(lines.dropFirst().allSatisfy { line in
            stateColumn.map { line.dropFirst($0).hasPrefix("failed") || line.dropFirst($0).hasPrefix("pending") } ?? false
        })
    }

    @Test(
        "state filters parse known states and name an unknown one",
        arguments: [
            ("pending", Set<JobState>([.pending]), nil),
            ("failed, dead", [.failed, .dead], nil),
            ("pending,bogus", [], "unknown state \"bogus\""),
        ] as [(String, Set<JobState>, String?)]
    )
    func stateFilter(text: String, expected: Set<JobState>, expectedError: String?) {
        do {
            let states = try JobStateFilter.parse(text)
            #expect(expectedError == nil)
            #expect(states == expected)
        } catch {
            #expect(expectedError.map { error.message.hasPrefix($0) } == true, "\(error.message)")
        }
    }
}
