import Forge
import Foundation
import ReviewBot
import WardenCore
import Testing
import WardenTestSupport

@Suite("Event classifier")
struct EventClassifierTests {
    static let bot = ClassifierSettings(botUsername: "warden-bot", botUserID: 99)
    static let sha = "da1560886d4f094c3e6c9ef40349f7d38b5d27d7"

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let header: String?
        let body: String
        var settings = EventClassifierTests.bot
        let expected: Decision
        var testDescription: String { name }

        func classify() throws -> Decision {
            let event = try GitLabWebhookDecoder.decode(body: Data(body.utf8), eventHeader: header)
            return EventClassifier.classify(event, settings: settings)
        }
    }

    // MARK: Published fixtures

    struct FixtureRow: Sendable, CustomTestStringConvertible {
        let file: String
        let header: String
        /// Replaces `object_attributes.note` before classifying, when set.
        let rewrittenNote: String?
        let expected: Decision
        var testDescription: String { rewrittenNote.map { "\(file), note rewritten to \"\($0)\"" } ?? file }
    }

    static let fixtureRows: [FixtureRow] = [
        FixtureRow(
            file: "docs_webhook_merge_request_open.json",
            header: "Merge Request Hook",
            rewrittenNote: nil,
            expected: .review(ReviewTarget(projectID: 1, mergeRequestIID: 1, headSHA: sha))
        ),
        FixtureRow(
            file: "mr_open_docs_derived.json",
            header: "Merge Request Hook",
            rewrittenNote: nil,
            expected: .review(ReviewTarget(projectID: 1, mergeRequestIID: 1, headSHA: sha))
        ),
        FixtureRow(file: "note_mr_overview_docs_derived.json", header: "Note Hook", rewrittenNote: nil, expected: .ignore(.noMention)),
        FixtureRow(
            file: "note_mr_overview_docs_derived.json",
            header: "Note Hook",
            rewrittenNote: "@warden-bot is this safe?",
            expected: .followUp(FollowUpTarget(projectID: 5, mergeRequestIID: 1, noteID: 1244, discussionID: nil, position: nil))
        ),
        FixtureRow(file: "docs_webhook_note_merge_request.json", header: "Note Hook", rewrittenNote: nil, expected: .ignore(.noMention)),
        FixtureRow(
            file: "docs_webhook_note_merge_request.json",
            header: "Note Hook",
            rewrittenNote: "This MR needs work. @warden-bot, what do you think?",
            expected: .followUp(FollowUpTarget(projectID: 5, mergeRequestIID: 1, noteID: 1244, discussionID: nil, position: nil))
        ),
        FixtureRow(
            file: "note_issue_docs_derived_IGNORE.json",
            header: "Note Hook",
            rewrittenNote: nil,
            expected: .ignore(.notAMergeRequestNote)
        ),
        FixtureRow(
            file: "note_issue_docs_derived_IGNORE.json",
            header: "Note Hook",
            rewrittenNote: "@warden-bot please look",
            expected: .ignore(.notAMergeRequestNote)
        ),
    ]

    @Test("classifies every shared GitLab fixture as the fixtures README says", arguments: fixtureRows)
    func fixtures(_ row: FixtureRow) throws {
        var body = try SharedFixtures.data("gitlab/\(row.file)")
        if let note = row.rewrittenNote {
            var payload = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            var attributes = try #require(payload["object_attributes"] as? [String: Any])
            attributes["note"] = note
            payload["object_attributes"] = attributes
            body = try JSONSerialization.data(withJSONObject: payload)
        }
        let event = try GitLabWebhookDecoder.decode(body: body, eventHeader: row.header)
        #expect(EventClassifier.classify(event, settings: Self.bot) == row.expected)
    }

    // MARK: Merge request rules

    static func mergeRequest(_ attributes: String, state: String = "opened", changes: String? = nil, eventType: Bool = true) -> String {
        var body = #"{"object_kind": "merge_request", "project": {"id": 14}, "#
        if eventType { body += #""event_type": "merge_request", "# }
        if let changes { body += #""changes": \#(changes), "# }
        body += #""object_attributes": {"iid": 3, "state": "\#(state)", "last_commit": {"id": "\#(sha)"}, \#(attributes)}}"#
        return body
    }

    static let review = Decision.review(ReviewTarget(projectID: 14, mergeRequestIID: 3, headSHA: sha))
    static let mrHook = "Merge Request Hook"

    static let mergeRequestRows: [Row] = [
        Row(name: "open", header: mrHook, body: mergeRequest(#""action": "open", "draft": false"#), expected: review),
        Row(name: "reopen", header: mrHook, body: mergeRequest(#""action": "reopen", "draft": false"#), expected: review),
        Row(
            name: "push of new commits (update with oldrev)",
            header: mrHook,
            body: mergeRequest(#""action": "update", "draft": false, "oldrev": "0123456789abcdef0123456789abcdef01234567""#),
            expected: review
        ),
        Row(
            name: "draft marked ready",
            header: mrHook,
            body: mergeRequest(#""action": "update", "draft": false"#, changes: #"{"draft": {"previous": true, "current": false}}"#),
            expected: review
        ),
        Row(
            name: "old-style work_in_progress marked ready",
            header: mrHook,
            body: mergeRequest(
                #""action": "update", "work_in_progress": false"#,
                changes: #"{"work_in_progress": {"previous": true, "current": false}}"#
            ),
            expected: review
        ),
        Row(
            name: "draft title prefix removed on old GitLab",
            header: mrHook,
            body: mergeRequest(
                #""action": "update", "title": "Parser""#,
                changes: #"{"title": {"previous": "WIP: Parser", "current": "Parser"}}"#
            ),
            expected: review
        ),
        Row(
            name: "update without oldrev (labels changed)",
            header: mrHook,
            body: mergeRequest(#""action": "update", "draft": false"#, changes: #"{"labels": {"previous": [], "current": [{"id": 1}]}}"#),
            expected: .ignore(.otherUpdate)
        ),
        Row(
            name: "update with empty changes",
            header: mrHook,
            body: mergeRequest(#""action": "update", "draft": false"#, changes: "{}"),
            expected: .ignore(.otherUpdate)
        ),
        Row(
            name: "ready marked draft",
            header: mrHook,
            body: mergeRequest(#""action": "update", "draft": true"#, changes: #"{"draft": {"previous": false, "current": true}}"#),
            expected: .ignore(.draft)
        ),
        Row(name: "close", header: mrHook, body: mergeRequest(#""action": "close""#, state: "closed"), expected: .ignore(.closed)),
        Row(name: "merge", header: mrHook, body: mergeRequest(#""action": "merge""#, state: "merged"), expected: .ignore(.merged)),
        Row(name: "approved", header: mrHook, body: mergeRequest(#""action": "approved""#), expected: .ignore(.approval)),
        Row(name: "approval", header: mrHook, body: mergeRequest(#""action": "approval""#), expected: .ignore(.approval)),
        Row(name: "unapproved", header: mrHook, body: mergeRequest(#""action": "unapproved""#), expected: .ignore(.approval)),
        Row(name: "unapproval", header: mrHook, body: mergeRequest(#""action": "unapproval""#), expected: .ignore(.approval)),
        Row(name: "draft opened", header: mrHook, body: mergeRequest(#""action": "open", "draft": true"#), expected: .ignore(.draft)),
        Row(
            name: "old-style work_in_progress opened",
            header: mrHook,
            body: mergeRequest(#""action": "open", "work_in_progress": true"#),
            expected: .ignore(.draft)
        ),
        Row(
            name: "draft only by title on old GitLab",
            header: mrHook,
            body: mergeRequest(#""action": "open", "title": "Draft: Parser""#),
            expected: .ignore(.draft)
        ),
        Row(
            name: "push to a draft",
            header: mrHook,
            body: mergeRequest(#""action": "update", "draft": true, "oldrev": "0123""#),
            expected: .ignore(.draft)
        ),
        Row(
            name: "push reported for an already merged merge request",
            header: mrHook,
            body: mergeRequest(#""action": "update", "oldrev": "0123""#, state: "merged"),
            expected: .ignore(.merged)
        ),
        Row(
            name: "update of a closed merge request",
            header: mrHook,
            body: mergeRequest(#""action": "update", "oldrev": "0123""#, state: "closed"),
            expected: .ignore(.closed)
        ),
        Row(name: "unknown action", header: mrHook, body: mergeRequest(#""action": "teleport""#), expected: .ignore(.unknownAction)),
        Row(
            name: "missing event_type and action, with oldrev",
            header: mrHook,
            body: mergeRequest(#""oldrev": "0123""#, eventType: false),
            expected: review
        ),
        Row(
            name: "missing event_type and action, without oldrev",
            header: mrHook,
            body: mergeRequest(#""draft": false"#, eventType: false),
            expected: .ignore(.missingField("object_attributes.action"))
        ),
        Row(
            name: "odd timestamps",
            header: mrHook,
            body: mergeRequest(#""action": "open", "created_at": "2015-04-08T21: 00:25-07:00", "updated_at": "2013-12-03 17:23:34 UTC""#),
            expected: review
        ),
        Row(
            name: "head SHA missing",
            header: mrHook,
            body: #"{"object_kind": "merge_request", "project": {"id": 14}, "object_attributes": {"iid": 3, "action": "open"}}"#,
            expected: .ignore(.missingField("object_attributes.last_commit.id"))
        ),
        Row(
            name: "iid missing",
            header: mrHook,
            body: #"{"object_kind": "merge_request", "project": {"id": 14}, "object_attributes": {"action": "open", "last_commit": {"id": "ab"}}}"#,
            expected: .ignore(.missingField("object_attributes.iid"))
        ),
        Row(
            name: "project missing",
            header: mrHook,
            body: #"{"object_kind": "merge_request", "object_attributes": {"iid": 3, "action": "open", "last_commit": {"id": "ab"}}}"#,
            expected: .ignore(.missingField("project.id"))
        ),
        Row(
            name: "project id taken from target_project_id when project is absent",
            header: mrHook,
            body: #"""
                {"object_kind": "merge_request",
                 "object_attributes": {"iid": 3, "target_project_id": 14, "action": "open", "last_commit": {"id": "\#(sha)"}}}
                """#,
            expected: review
        ),
    ]

    @Test("reviews merge requests only when there is new code to read", arguments: mergeRequestRows)
    func mergeRequests(_ row: Row) throws {
        #expect(try row.classify() == row.expected)
    }

    // MARK: Note rules

    static func note(
        _ text: String,
        user: String = #"{"id": 8, "username": "alice"}"#,
        attributes: String = #""noteable_type": "MergeRequest", "system": false, "action": "create""#,
        eventType: String? = "note"
    ) -> String {
        let encodedText = String(decoding: (try? JSONEncoder().encode(text)) ?? Data(), as: UTF8.self)
        var body = #"{"object_kind": "note", "project_id": 14, "project": {"id": 14}, "user": \#(user), "#
        if let eventType { body += #""event_type": "\#(eventType)", "# }
        body += #""object_attributes": {"id": 501, "note": \#(encodedText), "discussion_id": "d1", \#(attributes)}, "#
        body += #""merge_request": {"iid": 3, "last_commit": {"id": "\#(sha)"}}}"#
        return body
    }

    static let followUp = Decision.followUp(FollowUpTarget(projectID: 14, mergeRequestIID: 3, noteID: 501, discussionID: "d1", position: nil))
    static let noteHook = "Note Hook"

    static let noteRows: [Row] = [
        Row(name: "mention at the start", header: noteHook, body: note("@warden-bot please review again"), expected: followUp),
        Row(name: "mention with a comma after", header: noteHook, body: note("thanks @warden-bot, and the tests?"), expected: followUp),
        Row(name: "mention ending a sentence", header: noteHook, body: note("Ask @warden-bot."), expected: followUp),
        Row(name: "mention in parentheses", header: noteHook, body: note("(cc @warden-bot)"), expected: followUp),
        Row(name: "mention after a newline", header: noteHook, body: note("Looks off.\n@warden-bot?"), expected: followUp),
        Row(name: "uppercase mention", header: noteHook, body: note("@WARDEN-BOT explain this"), expected: followUp),
        Row(name: "no mention", header: noteHook, body: note("LGTM"), expected: .ignore(.noMention)),
        Row(name: "mention of a longer username", header: noteHook, body: note("@warden-botx look"), expected: .ignore(.noMention)),
        Row(name: "mention of a dotted longer username", header: noteHook, body: note("@warden-bot.old look"), expected: .ignore(.noMention)),
        Row(name: "mention inside a word", header: noteHook, body: note("foo@warden-bot look"), expected: .ignore(.noMention)),
        Row(name: "mention inside an address", header: noteHook, body: note("mail ops@warden-bot.example.com"), expected: .ignore(.noMention)),
        Row(name: "bot name without the @", header: noteHook, body: note("warden-bot should look"), expected: .ignore(.noMention)),
        Row(
            name: "no bot username configured",
            header: noteHook,
            body: note("@warden-bot look"),
            settings: ClassifierSettings(botUsername: nil, botUserID: 99),
            expected: .ignore(.noMention)
        ),
        Row(
            name: "bot's own note, by user id",
            header: noteHook,
            body: note("@warden-bot said so", user: #"{"id": 99, "username": "renamed-bot"}"#),
            expected: .ignore(.ownNote)
        ),
        Row(
            name: "bot's own note, by username",
            header: noteHook,
            body: note("see @warden-bot above", user: #"{"id": 7, "username": "Warden-Bot"}"#),
            settings: ClassifierSettings(botUsername: "warden-bot", botUserID: nil),
            expected: .ignore(.ownNote)
        ),
        Row(
            name: "confidential note by header",
            header: "Confidential Note Hook",
            body: note("@warden-bot look", eventType: "confidential_note"),
            expected: .ignore(.confidential)
        ),
        Row(
            name: "internal note",
            header: noteHook,
            body: note("@warden-bot look", attributes: #""noteable_type": "MergeRequest", "system": false, "internal": true"#),
            expected: .ignore(.confidential)
        ),
        Row(
            name: "system note",
            header: noteHook,
            body: note("mentioned in @warden-bot", attributes: #""noteable_type": "MergeRequest", "system": true"#),
            expected: .ignore(.systemNote)
        ),
        Row(
            name: "issue note",
            header: noteHook,
            body: note("@warden-bot look", attributes: #""noteable_type": "Issue", "system": false"#),
            expected: .ignore(.notAMergeRequestNote)
        ),
        Row(
            name: "commit note",
            header: noteHook,
            body: note("@warden-bot look", attributes: #""noteable_type": "Commit", "system": false"#),
            expected: .ignore(.notAMergeRequestNote)
        ),
        Row(
            name: "DiffNote carries its position",
            header: noteHook,
            body: note(
                "@warden-bot is this line right?",
                attributes: #"""
                    "noteable_type": "MergeRequest", "system": false, "type": "DiffNote",
                    "position": {"base_sha": "a", "start_sha": "a", "head_sha": "b", "position_type": "text",
                      "old_path": "Sources/A.swift", "new_path": "Sources/B.swift", "old_line": 10, "new_line": 12}
                    """#
            ),
            expected: .followUp(
                FollowUpTarget(
                    projectID: 14,
                    mergeRequestIID: 3,
                    noteID: 501,
                    discussionID: "d1",
                    position: .init(oldPath: "Sources/A.swift", newPath: "Sources/B.swift", oldLine: 10, newLine: 12)
                )
            )
        ),
        Row(
            name: "DiffNote on an added line has no old line",
            header: noteHook,
            body: note(
                "@warden-bot why?",
                attributes: #"""
                    "noteable_type": "MergeRequest", "type": "DiffNote",
                    "position": {"old_path": "a.txt", "new_path": "a.txt", "old_line": null, "new_line": 3}
                    """#
            ),
            expected: .followUp(
                FollowUpTarget(
                    projectID: 14,
                    mergeRequestIID: 3,
                    noteID: 501,
                    discussionID: "d1",
                    position: .init(oldPath: "a.txt", newPath: "a.txt", oldLine: nil, newLine: 3)
                )
            )
        ),
        Row(
            name: "reply in a non-diff thread carries no position",
            header: noteHook,
            body: note("@warden-bot and here?", attributes: #""noteable_type": "MergeRequest", "type": "DiscussionNote""#),
            expected: followUp
        ),
        Row(
            name: "older note without event_type or action",
            header: noteHook,
            body: note("@warden-bot look", attributes: #""noteable_type": "MergeRequest""#, eventType: nil),
            expected: followUp
        ),
        Row(
            name: "edited note",
            header: noteHook,
            body: note("@warden-bot look", attributes: #""noteable_type": "MergeRequest", "action": "update""#),
            expected: followUp
        ),
        Row(
            name: "odd timestamps",
            header: noteHook,
            body: note(
                "@warden-bot look",
                attributes: #""noteable_type": "MergeRequest", "created_at": "2015-05-17 18:21:36 UTC", "updated_at": "2015-04-08T21: 00:25-07:00""#
            ),
            expected: followUp
        ),
        Row(
            name: "noteable_type missing",
            header: noteHook,
            body: note("@warden-bot look", attributes: #""system": false"#),
            expected: .ignore(.missingField("object_attributes.noteable_type"))
        ),
        Row(
            name: "merge request iid missing",
            header: noteHook,
            body: #"""
                {"object_kind": "note", "project": {"id": 14},
                 "object_attributes": {"id": 5, "note": "@warden-bot hi", "noteable_type": "MergeRequest"}}
                """#,
            expected: .ignore(.missingField("merge_request.iid"))
        ),
    ]

    @Test("answers notes on merge requests that mention the bot, and nothing else", arguments: noteRows)
    func notes(_ row: Row) throws {
        #expect(try row.classify() == row.expected)
    }

    // MARK: Other events and settings

    @Test(
        "ignores kinds of event the bot does not act on",
        arguments: [
            (#"{"object_kind": "push", "ref": "refs/heads/main"}"#, "Push Hook"),
            (#"{"object_kind": "pipeline"}"#, "Pipeline Hook"),
            (#"{"object_kind": "emoji"}"#, "Emoji Hook"),
            ("{}", "Issue Hook"),
        ]
    )
    func otherEvents(body: String, header: String) throws {
        let row = Row(name: header, header: header, body: body, expected: .ignore(.unsupportedEvent))
        #expect(try row.classify() == row.expected)
    }

    @Test(
        "normalises the configured bot username",
        arguments: [
            ("warden-bot", "warden-bot"), ("@warden-bot", "warden-bot"), ("  @warden-bot\n", "warden-bot"), ("", nil), ("@", nil),
            ("   ", nil),
        ] as [(String, String?)]
    )
    func settingsNormaliseUsername(configured: String, expected: String?) {
        #expect(ClassifierSettings(botUsername: configured, botUserID: nil).botUsername == expected)
    }

    @Test("a configured @-prefixed username still matches mentions")
    func prefixedUsernameMatches() throws {
        let row = Row(
            name: "prefixed",
            header: Self.noteHook,
            body: Self.note("@warden-bot look"),
            settings: ClassifierSettings(botUsername: "@Warden-Bot", botUserID: nil),
            expected: Self.followUp
        )
        #expect(try row.classify() == row.expected)
    }

    @Test(
        "gives every ignore reason a short metric label and a log phrase",
        arguments: [
            (IgnoreReason.draft, "draft"), (.closed, "closed"), (.merged, "merged"), (.approval, "approval"),
            (.otherUpdate, "other_update"), (.unknownAction, "unknown_action"), (.notAMergeRequestNote, "not_a_merge_request_note"),
            (.systemNote, "system_note"), (.ownNote, "own_note"), (.confidential, "confidential"), (.noMention, "no_mention"),
            (.unsupportedEvent, "unsupported_event"), (.missingField("object_attributes.iid"), "missing_field"),
        ]
    )
    func ignoreReasonLabels(reason: IgnoreReason, label: String) {
        #expect(reason.metricLabel == label)
        #expect(!reason.description.isEmpty)
        #expect(!reason.description.contains("_") || reason.description.contains("object_attributes"))
    }
}
