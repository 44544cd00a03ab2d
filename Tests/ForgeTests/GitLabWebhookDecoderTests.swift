import Forge
import Foundation
import Testing
import WardenCore

@Suite("GitLab webhook decoder")
struct GitLabWebhookDecoderTests {
    // MARK: Published fixtures

    struct FixtureCase: Sendable, CustomTestStringConvertible {
        let fixture: GitLabFixture
        let expected: GitLabWebhookEvent
        var testDescription: String { fixture.name }
    }

    static let fixtureCases: [FixtureCase] = [
        FixtureCase(
            fixture: GitLabFixture(name: "docs_webhook_merge_request_open.json", header: "Merge Request Hook"),
            expected: .mergeRequest(
                MergeRequestEvent(
                    projectID: 1,
                    mergeRequestIID: 1,
                    action: .open,
                    state: .opened,
                    oldRevision: nil,
                    headSHA: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
                    isDraft: false,
                    draftChange: .init(previous: true, current: false)
                )
            )
        ),
        FixtureCase(
            fixture: GitLabFixture(name: "mr_open_docs_derived.json", header: "Merge Request Hook"),
            expected: .mergeRequest(
                MergeRequestEvent(
                    projectID: 1,
                    mergeRequestIID: 1,
                    action: .open,
                    state: .opened,
                    oldRevision: nil,
                    headSHA: "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
                    isDraft: false,
                    draftChange: nil
                )
            )
        ),
        FixtureCase(
            fixture: GitLabFixture(name: "note_mr_overview_docs_derived.json", header: "Note Hook"),
            expected: .note(
                NoteEvent(
                    projectID: 5,
                    noteID: 1244,
                    noteableType: "MergeRequest",
                    action: "create",
                    isSystem: false,
                    isConfidential: false,
                    authorID: 1,
                    authorUsername: "root",
                    text: "This MR needs work.",
                    discussionID: nil,
                    noteType: nil,
                    position: nil,
                    mergeRequestIID: 1,
                    mergeRequestHeadSHA: "562e173be03b8ff2efb05345d12df18815438a4b"
                )
            )
        ),
        FixtureCase(
            fixture: GitLabFixture(name: "docs_webhook_note_merge_request.json", header: "Note Hook"),
            expected: .note(
                NoteEvent(
                    projectID: 5,
                    noteID: 1244,
                    noteableType: "MergeRequest",
                    action: "create",
                    isSystem: false,
                    isConfidential: false,
                    authorID: 1,
                    authorUsername: "root",
                    text: "This MR needs work.",
                    discussionID: nil,
                    noteType: nil,
                    position: nil,
                    mergeRequestIID: 1,
                    mergeRequestHeadSHA: "562e173be03b8ff2efb05345d12df18815438a4b"
                )
            )
        ),
        FixtureCase(
            fixture: GitLabFixture(name: "note_issue_docs_derived_IGNORE.json", header: "Note Hook"),
            expected: .note(
                NoteEvent(
                    projectID: 5,
                    noteID: 1241,
                    noteableType: "Issue",
                    action: "create",
                    isSystem: false,
                    isConfidential: false,
                    authorID: 42,
                    authorUsername: "user1",
                    text: "Hello world",
                    discussionID: nil,
                    noteType: nil,
                    position: nil,
                    mergeRequestIID: nil,
                    mergeRequestHeadSHA: nil
                )
            )
        ),
    ]

    @Test("decodes every published GitLab webhook fixture to the fields the bot needs", arguments: fixtureCases)
    func decodesFixture(_ row: FixtureCase) throws {
        let event = try GitLabWebhookDecoder.decode(body: row.fixture.body(), eventHeader: row.fixture.header)
        #expect(event == row.expected)
    }

    // MARK: Bodies that are refused

    struct RefusedCase: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let expected: WebhookDecodingError
        var testDescription: String { name }
    }

    static let refusedCases: [RefusedCase] = [
        RefusedCase(name: "empty body", body: "", expected: .emptyBody),
        RefusedCase(name: "truncated object", body: #"{"object_kind": "merge_request", "object_attr"#, expected: .malformedJSON),
        RefusedCase(name: "not JSON at all", body: "object_kind=merge_request", expected: .malformedJSON),
        RefusedCase(name: "whitespace only", body: " \n", expected: .malformedJSON),
        RefusedCase(name: "trailing garbage", body: #"{"object_kind": "note"} }"#, expected: .malformedJSON),
        RefusedCase(name: "a JSON array", body: #"[{"object_kind": "merge_request"}]"#, expected: .notAnObject),
        RefusedCase(name: "a JSON string", body: #""merge_request""#, expected: .notAnObject),
        RefusedCase(name: "JSON null", body: "null", expected: .notAnObject),
    ]

    @Test("refuses a body that is not a JSON object with a short reason", arguments: refusedCases)
    func refuses(_ row: RefusedCase) {
        #expect(throws: row.expected) {
            try GitLabWebhookDecoder.decode(body: Data(row.body.utf8), eventHeader: "Merge Request Hook")
        }
    }

    @Test("never echoes the body in the error it returns for a 400")
    func errorDoesNotEchoBody() throws {
        let secretLooking = #"{"object_kind": "note", "token": "glpat-SECRETSECRET""#
        let error = try #require(throws: WebhookDecodingError.self) {
            try GitLabWebhookDecoder.decode(body: Data(secretLooking.utf8), eventHeader: nil)
        }
        #expect(error.description == "webhook body is not valid JSON")
        #expect(error.metricLabel == "malformed_json")
        #expect(!"\(error)".contains("glpat"))
    }

    @Test("labels each refusal for metrics")
    func metricLabels() {
        #expect(WebhookDecodingError.emptyBody.metricLabel == "empty_body")
        #expect(WebhookDecodingError.notAnObject.metricLabel == "not_an_object")
        #expect(WebhookDecodingError.notAnObject.description == "webhook body is not a JSON object")
    }

    // MARK: Event kinds

    struct KindCase: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let header: String?
        let expected: GitLabWebhookEvent
        var testDescription: String { name }
    }

    static let kindCases: [KindCase] = [
        KindCase(
            name: "push event",
            body: #"{"object_kind": "push", "ref": "refs/heads/main"}"#,
            header: "Push Hook",
            expected: .other(objectKind: "push", header: "Push Hook")
        ),
        KindCase(
            name: "unknown object_kind",
            body: #"{"object_kind": "vulnerability_gremlin"}"#,
            header: "Gremlin Hook",
            expected: .other(objectKind: "vulnerability_gremlin", header: "Gremlin Hook")
        ),
        KindCase(name: "empty object without a header", body: "{}", header: nil, expected: .other(objectKind: nil, header: nil)),
        KindCase(
            name: "object_kind wins over a contradicting header",
            body: #"{"object_kind": "pipeline"}"#,
            header: "Merge Request Hook",
            expected: .other(objectKind: "pipeline", header: "Merge Request Hook")
        ),
        KindCase(
            name: "object_kind of the wrong type falls back to the header",
            body: #"{"object_kind": 7}"#,
            header: "Note Hook",
            expected: .note(.empty(isConfidential: false))
        ),
        KindCase(
            name: "merge request without object_kind, known by its header",
            body: #"{"object_attributes": {"iid": 3, "action": "open"}}"#,
            header: "Merge Request Hook",
            expected: .mergeRequest(.empty(iid: 3, action: .open))
        ),
        KindCase(
            name: "confidential note without object_kind, known by its header",
            body: #"{"object_attributes": {"id": 9}}"#,
            header: "Confidential Note Hook",
            expected: .note(.empty(noteID: 9, isConfidential: true))
        ),
        KindCase(
            name: "merge request with nothing but object_kind",
            body: #"{"object_kind": "merge_request"}"#,
            header: nil,
            expected: .mergeRequest(.empty())
        ),
        KindCase(
            name: "note with nothing but object_kind",
            body: #"{"object_kind": "note"}"#,
            header: nil,
            expected: .note(.empty(isConfidential: false))
        ),
    ]

    @Test("tells event kinds apart by object_kind, then by header", arguments: kindCases)
    func kinds(_ row: KindCase) throws {
        #expect(try GitLabWebhookDecoder.decode(body: Data(row.body.utf8), eventHeader: row.header) == row.expected)
    }

    // MARK: Merge request payload variation

    struct MergeRequestCase: Sendable, CustomTestStringConvertible {
        let name: String
        let attributes: String
        let changes: String?
        let expected: MergeRequestEvent
        var testDescription: String { name }
    }

    static let mergeRequestCases: [MergeRequestCase] = [
        MergeRequestCase(
            name: "push with oldrev",
            attributes: #""iid": 4, "action": "update", "oldrev": "aaa", "last_commit": {"id": "bbb"}, "draft": false"#,
            changes: nil,
            expected: .empty(iid: 4, action: .update, oldRevision: "aaa", headSHA: "bbb", isDraft: false)
        ),
        MergeRequestCase(
            name: "empty oldrev is no new code",
            attributes: #""iid": 4, "action": "update", "oldrev": """#,
            changes: nil,
            expected: .empty(iid: 4, action: .update)
        ),
        MergeRequestCase(
            name: "old-style work_in_progress flag",
            attributes: #""iid": 4, "work_in_progress": true"#,
            changes: nil,
            expected: .empty(iid: 4, isDraft: true)
        ),
        MergeRequestCase(
            name: "draft wins over work_in_progress",
            attributes: #""iid": 4, "draft": false, "work_in_progress": true"#,
            changes: nil,
            expected: .empty(iid: 4, isDraft: false)
        ),
        MergeRequestCase(
            name: "old-style changes.work_in_progress",
            attributes: #""iid": 4, "action": "update""#,
            changes: #"{"work_in_progress": {"previous": true, "current": false}}"#,
            expected: .empty(iid: 4, action: .update, draftChange: .init(previous: true, current: false))
        ),
        MergeRequestCase(
            name: "draft only in the title",
            attributes: #""iid": 4, "title": "WIP: new parser""#,
            changes: #"{"title": {"previous": "Draft: new parser", "current": "WIP: new parser"}}"#,
            expected: .empty(iid: 4, isDraft: true)
        ),
        MergeRequestCase(
            name: "draft title prefix removed",
            attributes: #""iid": 4, "action": "update", "title": "new parser""#,
            changes: #"{"title": {"previous": "Draft: new parser", "current": "new parser"}}"#,
            expected: .empty(iid: 4, action: .update, isDraft: false, draftChange: .init(previous: true, current: false))
        ),
        MergeRequestCase(
            name: "ids sent as strings",
            attributes: #""iid": "12", "target_project_id": "77""#,
            changes: nil,
            expected: .empty(projectID: 77, iid: 12)
        ),
        MergeRequestCase(
            name: "missing action",
            attributes: #""iid": 4, "oldrev": "aaa", "state": "opened""#,
            changes: nil,
            expected: .empty(iid: 4, state: .opened, oldRevision: "aaa")
        ),
        MergeRequestCase(
            name: "unknown action and state kept as sent",
            attributes: #""iid": 4, "action": "teleport", "state": "floating""#,
            changes: nil,
            expected: .empty(iid: 4, action: .unknown("teleport"), state: .unknown("floating"))
        ),
        MergeRequestCase(
            name: "needed fields of the wrong type become absent",
            attributes: #""iid": "four", "draft": "maybe", "last_commit": "bbb", "oldrev": 5"#,
            changes: #"{"draft": {"previous": "yes", "current": false}}"#,
            expected: .empty(draftChange: .init(previous: nil, current: false))
        ),
        MergeRequestCase(
            name: "odd and mistyped timestamps are never read",
            attributes: #""iid": 4, "created_at": "2015-04-08T21: 00:25-07:00", "updated_at": 17, "last_edited_at": {"when": "now"}"#,
            changes: #"{"updated_at": {"previous": "yesterday", "current": []}}"#,
            expected: .empty(iid: 4)
        ),
        MergeRequestCase(
            name: "changes that are not an object",
            attributes: #""iid": 4"#,
            changes: "[]",
            expected: .empty(iid: 4)
        ),
    ]

    @Test("tolerates merge request payloads from every GitLab version", arguments: mergeRequestCases)
    func mergeRequestVariation(_ row: MergeRequestCase) throws {
        var body = #"{"object_kind": "merge_request", "object_attributes": {\#(row.attributes)}"#
        if let changes = row.changes { body += #", "changes": \#(changes)"# }
        body += "}"
        #expect(try GitLabWebhookDecoder.decode(body: Data(body.utf8), eventHeader: "Merge Request Hook") == .mergeRequest(row.expected))
    }

    // MARK: Note payload variation

    @Test("decodes a DiffNote's thread and position")
    func diffNote() throws {
        let body = #"""
            {"object_kind": "note", "event_type": "note", "project_id": 5,
             "user": {"id": 8, "username": "alice"},
             "object_attributes": {"id": 77, "note": "@warden-bot why?", "noteable_type": "MergeRequest",
               "system": false, "type": "DiffNote", "discussion_id": "6a9c1750b37d513a43987b574953fceb50b03ce7",
               "position": {"base_sha": "a", "start_sha": "b", "head_sha": "c", "old_path": "lib/old.rb",
                 "new_path": "lib/new.rb", "position_type": "text", "old_line": null, "new_line": 14,
                 "line_range": {"start": {"line_code": "x_0_14"}}}},
             "merge_request": {"iid": 3, "last_commit": {"id": "ccc"}}}
            """#
        let event = try GitLabWebhookDecoder.decode(body: Data(body.utf8), eventHeader: "Note Hook")
        guard case .note(let note) = event else {
            Issue.record("expected a note, got \(event)")
            return
        }
        #expect(note.noteType == "DiffNote")
        #expect(note.discussionID == "6a9c1750b37d513a43987b574953fceb50b03ce7")
        #expect(note.position == NotePosition(oldPath: "lib/old.rb", newPath: "lib/new.rb", oldLine: nil, newLine: 14))
        #expect(note.projectID == 5)
        #expect(note.mergeRequestIID == 3)
        #expect(note.mergeRequestHeadSHA == "ccc")
        #expect(note.authorID == 8)
        #expect(note.authorUsername == "alice")
    }

    @Test(
        "decodes a DiffNote position leniently, straight into the shared NotePosition",
        arguments: [
            (
                #"{"old_path": "a.rb", "new_path": "b.rb", "old_line": "7", "new_line": 9}"#,
                NotePosition(oldPath: "a.rb", newPath: "b.rb", oldLine: 7, newLine: 9)
            ),
            (#"{"new_path": "b.rb", "new_line": "x", "old_line": null}"#, NotePosition(newPath: "b.rb")),
            (#"{"old_path": 3, "new_path": "b.rb", "new_line": 2}"#, NotePosition(newPath: "b.rb", newLine: 2)),
            (#""not an object""#, nil),
        ] as [(String, NotePosition?)]
    )
    func lenientPosition(position: String, expected: NotePosition?) throws {
        let body = #"{"object_kind": "note", "object_attributes": {"id": 1, "type": "DiffNote", "position": "# + position + "}}"
        let event = try GitLabWebhookDecoder.decode(body: Data(body.utf8), eventHeader: "Note Hook")
        guard case .note(let note) = event else {
            Issue.record("expected a note, got \(event)")
            return
        }
        #expect(note.position == expected)
    }

    struct ConfidentialCase: Sendable, CustomTestStringConvertible {
        let name: String
        let body: String
        let header: String
        let isConfidential: Bool
        var testDescription: String { name }
    }

    static let confidentialCases: [ConfidentialCase] = [
        ConfidentialCase(name: "plain note", body: #"{"object_kind": "note", "event_type": "note"}"#, header: "Note Hook", isConfidential: false),
        ConfidentialCase(name: "confidential header", body: #"{"object_kind": "note"}"#, header: "Confidential Note Hook", isConfidential: true),
        ConfidentialCase(
            name: "confidential event_type",
            body: #"{"object_kind": "note", "event_type": "confidential_note"}"#,
            header: "Note Hook",
            isConfidential: true
        ),
        ConfidentialCase(
            name: "internal note",
            body: #"{"object_kind": "note", "object_attributes": {"internal": true}}"#,
            header: "Note Hook",
            isConfidential: true
        ),
        ConfidentialCase(
            name: "confidential attribute",
            body: #"{"object_kind": "note", "object_attributes": {"confidential": true, "internal": false}}"#,
            header: "Note Hook",
            isConfidential: true
        ),
    ]

    @Test("marks a note confidential by header, event type or attribute", arguments: confidentialCases)
    func confidential(_ row: ConfidentialCase) throws {
        let event = try GitLabWebhookDecoder.decode(body: Data(row.body.utf8), eventHeader: row.header)
        guard case .note(let note) = event else {
            Issue.record("expected a note, got \(event)")
            return
        }
        #expect(note.isConfidential == row.isConfidential)
    }

    @Test("an older note without event_type or action still decodes")
    func olderNote() throws {
        let body = #"""
            {"object_kind": "note", "user": {"id": "3", "username": "bob"},
             "project": {"id": 9},
             "object_attributes": {"id": "41", "note": "hi", "noteable_type": "MergeRequest", "author_id": 3},
             "merge_request": {"iid": 2}}
            """#
        let event = try GitLabWebhookDecoder.decode(body: Data(body.utf8), eventHeader: nil)
        #expect(
            event
                == .note(
                    NoteEvent(
                        projectID: 9,
                        noteID: 41,
                        noteableType: "MergeRequest",
                        action: nil,
                        isSystem: nil,
                        isConfidential: false,
                        authorID: 3,
                        authorUsername: "bob",
                        text: "hi",
                        discussionID: nil,
                        noteType: nil,
                        position: nil,
                        mergeRequestIID: 2,
                        mergeRequestHeadSHA: nil
                    )
                )
        )
    }

    @Test("a note's description leaves out what the person wrote")
    func noteDescriptionOmitsText() throws {
        let body = #"{"object_kind": "note", "object_attributes": {"id": 5, "note": "my password is hunter2"}}"#
        let event = try GitLabWebhookDecoder.decode(body: Data(body.utf8), eventHeader: "Note Hook")
        #expect(!"\(event)".contains("hunter2"))
        #expect(!String(reflecting: event).contains("hunter2"))
        #expect("\(event)".contains("note: 5"))
    }

    // MARK: Size

    @Test("decodes a body with huge unknown fields")
    func hugeUnknownFields() throws {
        let bigString = String(repeating: "x", count: 4_000_000)
        let bigArray = "[" + Array(repeating: #"{"a": [1, 2, {"b": null}]}"#, count: 50_000).joined(separator: ",") + "]"
        let body = #"""
            {"object_kind": "merge_request", "blob": "\#(bigString)", "many": \#(bigArray),
             "object_attributes": {"iid": 6, "description": "\#(bigString)", "action": "reopen"}}
            """#
        let event = try GitLabWebhookDecoder.decode(body: Data(body.utf8), eventHeader: "Merge Request Hook")
        #expect(event == .mergeRequest(.empty(iid: 6, action: .reopen)))
    }

    // MARK: Draft title prefixes

    @Test(
        "recognises GitLab's draft title prefixes",
        arguments: [
            ("Draft: parser", true), ("draft:parser", true), ("[Draft] parser", true), ("(draft) parser", true),
            ("Draft - parser", true), ("  WIP: parser", true), ("[WIP] parser", true), ("wip", true), ("Draft", true),
            ("Drafting the parser", false), ("Fix draft: handling", false), ("WIPE the cache", false), ("", false),
        ]
    )
    func draftTitles(title: String, isDraft: Bool) throws {
        let encodedTitle = String(decoding: try JSONEncoder().encode(title), as: UTF8.self)
        let body = #"{"object_kind": "merge_request", "object_attributes": {"title": \#(encodedTitle)}}"#
        let event = try GitLabWebhookDecoder.decode(body: Data(body.utf8), eventHeader: nil)
        #expect(event == .mergeRequest(.empty(isDraft: isDraft)))
    }
}

extension MergeRequestEvent {
    /// An event with only the given fields set.
    static func empty(
        projectID: Int? = nil,
        iid: Int? = nil,
        action: Action? = nil,
        state: State? = nil,
        oldRevision: String? = nil,
        headSHA: String? = nil,
        isDraft: Bool? = nil,
        draftChange: DraftChange? = nil
    ) -> Self {
        Self(
            projectID: projectID,
            mergeRequestIID: iid,
            action: action,
            state: state,
            oldRevision: oldRevision,
            headSHA: headSHA,
            isDraft: isDraft,
            draftChange: draftChange
        )
    }
}

extension NoteEvent {
    /// A note with only the given fields set.
    static func empty(noteID: Int? = nil, isConfidential: Bool) -> Self {
        Self(
            projectID: nil,
            noteID: noteID,
            noteableType: nil,
            action: nil,
            isSystem: nil,
            isConfidential: isConfidential,
            authorID: nil,
            authorUsername: nil,
            text: nil,
            discussionID: nil,
            noteType: nil,
            position: nil,
            mergeRequestIID: nil,
            mergeRequestHeadSHA: nil
        )
    }
}
