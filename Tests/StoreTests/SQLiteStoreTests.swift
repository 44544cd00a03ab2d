import Foundation
import Store
import Testing
import WardenTestSupport
import WardenCore

/// What only the SQLite store promises: its file layout, and that payload text has no way into the file.
@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("opening a data directory creates it, with warden.sqlite and a write-ahead log inside, all owner-only")
    func opensDataDirectory() async throws {
        let root = try TestDataDirectory()
        defer { root.remove() }
        let dataDirectory = root.path + "/nested/data"
        let store = try SQLiteStore.open(dataDirectory: dataDirectory)
        #expect(store.path == dataDirectory + "/warden.sqlite")
        _ = try await store.enqueue(.review(projectID: 1, mergeRequestIID: 2, headSHA: "abc"), idempotencyKey: nil)
        #expect(FileManager.default.fileExists(atPath: dataDirectory + "/warden.sqlite"))
        #expect(FileManager.default.fileExists(atPath: dataDirectory + "/warden.sqlite-wal"))
        let permissions = try FileManager.default.attributesOfItem(atPath: dataDirectory)[.posixPermissions] as? Int
        #expect(permissions == 0o700)
        // Owner-only files too: the data directory may be searchable by the exec sidecar's group (git.worktree_group).
        for file in ["warden.sqlite", "warden.sqlite-wal", "warden.sqlite-shm"] {
            let mode = try FileManager.default.attributesOfItem(atPath: dataDirectory + "/" + file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file)")
        }
    }

    @Test("the store writes in WAL mode, waits for the disk on every commit, and has every migration applied")
    func durableSettings() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        #expect(try await store.settings() == SQLiteSettings(journalMode: "wal", synchronous: "full", appliedMigrations: ["v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10"]))
        let second = try SQLiteStore.open(dataDirectory: directory.path)
        #expect(try await second.settings().synchronous == "full")
    }

    @Test("reopening an existing file keeps its jobs and migrates nothing twice")
    func reopenKeepsJobs() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        _ = try await SQLiteStore.open(dataDirectory: directory.path)
            .enqueue(.review(projectID: 1, mergeRequestIID: 2, headSHA: "abc"), idempotencyKey: "k")
        let reopened = try SQLiteStore.open(dataDirectory: directory.path)
        #expect(try await reopened.list(states: nil, limit: nil).map(\.id) == ["review-1-2-abc"])
        #expect(try await reopened.enqueue(.review(projectID: 1, mergeRequestIID: 3, headSHA: "abc"), idempotencyKey: "k") == .duplicate)
    }

    @Test("a file that cannot be created fails with a store error naming the path")
    func unopenableFile() throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let blocker = directory.path + "/not-a-directory"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        let error = #expect(throws: StoreError.self) { try SQLiteStore(path: blocker + "/warden.sqlite") }
        #expect(error?.metricLabel == "database")
        #expect(error?.description.contains("not-a-directory") == true)
    }

    /// A note event as a forge delivers it: ids the store needs, and text it must never hold.
    private struct DeliveredNote {
        let projectID: Int = 42
        let mergeRequestIID: Int = 7
        let noteID: Int = 9001
        let discussionID = "6a9c1750b37d513a43987b574953fceb50b03ce7"
        let position = NotePosition(oldPath: "Sources/App.swift", newPath: "Sources/App.swift", oldLine: nil, newLine: 12)
        let body: String
        let diff: String
        let modelOutput: String
        let prompt: String
    }

    @Test("no payload text reaches the database files: the API has nowhere to put it")
    func payloadNeverStored() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        let canary = "CANARY-\(UUID().uuidString)"
        let stored = "stored-marker-\(UUID().uuidString.prefix(8))"
        let note = DeliveredNote(
            body: "@warden why? \(canary)",
            diff: "@@ -1 +1 @@\n-\(canary)\n+fixed",
            modelOutput: "{\"summary\":\"\(canary)\"}",
            prompt: "Review this change. \(canary)"
        )

        let store = try SQLiteStore.open(dataDirectory: directory.path)
        let headSHA = "0123456789abcdef0123456789abcdef\(stored)"
        _ = try await store.enqueue(
            .review(projectID: note.projectID, mergeRequestIID: note.mergeRequestIID, headSHA: headSHA),
            idempotencyKey: "d-1"
        )
        _ = try await store.enqueue(
            .note(
                projectID: note.projectID,
                mergeRequestIID: note.mergeRequestIID,
                noteID: note.noteID,
                discussionID: note.discussionID,
                position: note.position
            ),
            idempotencyKey: "d-2"
        )
        let job = try #require(try await store.claimNext(owner: "worker-1", leaseFor: .seconds(60)))
        _ = try await store.fail(id: job.id, owner: "worker-1", error: "codex exited with status 1")
        try await store.record(
            ReviewRecord(
                projectID: note.projectID,
                mergeRequestIID: note.mergeRequestIID,
                headSHA: headSHA,
                state: .posted,
                statusNoteID: 77,
                codexThreadID: "thread-\(stored)",
                inputTokens: 10,
                outputTokens: 5
            )
        )
        try await store.record(discussionID: note.discussionID, codexThreadID: "thread-\(stored)", projectID: 42, mergeRequestIID: 7)
        try await store.pause(reason: "GitLab answered 401")

        let files = directory.allFiles()
        #expect(files.contains { $0.path.hasSuffix("warden.sqlite-wal") })
        let contents = files.map(\.bytes)
        // The positive control: what we did store is findable, so the scan would see the canary if it were there.
        #expect(contents.contains { $0.range(of: Data(stored.utf8)) != nil })
        #expect(contents.allSatisfy { $0.range(of: Data(canary.utf8)) == nil })
        #expect([note.body, note.diff, note.modelOutput, note.prompt].allSatisfy { $0.contains(canary) })
    }
}
