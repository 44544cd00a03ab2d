import Foundation
import Testing
import WardenTestSupport

@testable import Forge

@Suite("GitLab payloads")
struct GitLabPayloadTests {
    @Test("a published merge request decodes with its head SHA, branches and draft flag")
    func mergeRequestFixture() throws {
        let data = try SharedFixtures.data("gitlab/api_get_merge_request.json")
        let mergeRequest = try JSONDecoder().decode(GitLabPayload.MergeRequest.self, from: data).model
        #expect(
            mergeRequest
                == MergeRequest(
                    iid: 14656,
                    projectID: 278964,
                    title: "Add deletion support for designs",
                    description: "## What does this MR do?\r\n\r\nThis adds the capability to destroy/hide designs.",
                    sourceBranch: "delete-designs-v2",
                    targetBranch: "master",
                    headSHA: "8e0b45049b6253b8984cde9241830d2851168142",
                    state: .opened,
                    draft: true,
                    webURL: "https://gitlab.com/gitlab-org/gitlab-ee/merge_requests/14656"
                )
        )
    }

    @Test("the published versions list decodes newest first with all three SHAs")
    func versionsFixture() throws {
        let data = try SharedFixtures.data("gitlab/docs_api_mr_versions.json")
        let versions = try JSONDecoder().decode([GitLabPayload.Version].self, from: data).map(\.model)
        #expect(
            versions.first
                == DiffVersion(
                    id: 110,
                    baseSHA: "eeb57dffe83deb686a60a71c16c32f71046868fd",
                    startSHA: "eeb57dffe83deb686a60a71c16c32f71046868fd",
                    headSHA: "33e2ee8579fda5bc36accc9c6fbd0b4fefda9e30"
                )
        )
        #expect(versions.map(\.id) == [110, 108])
    }

    @Test("the published discussions list decodes threads and individual notes")
    func discussionsFixture() throws {
        let data = try SharedFixtures.data("gitlab/docs_api_mr_discussions_list.json")
        let discussions = try JSONDecoder().decode([GitLabPayload.Discussion].self, from: data).map(\.model)
        #expect(discussions.map(\.id) == ["6a9c1750b37d513a43987b574953fceb50b03ce7", "87805b7c09016a7058e91bdbe7b29d1f284a39e6"])
        #expect(discussions.map(\.individualNote) == [false, true])
        #expect(
            discussions[0].notes == [
                Note(id: 1126, body: "discussion text", authorID: 1, authorUsername: "root"),
                Note(id: 1129, body: "reply to the discussion", authorID: 1, authorUsername: "root"),
            ]
        )
    }

    @Test("a published diff note decodes its position and ignores the line range")
    func diffNoteFixture() throws {
        let data = try SharedFixtures.data("gitlab/docs_api_mr_discussions_diffnote.json")
        let discussions = try JSONDecoder().decode([GitLabPayload.Discussion].self, from: data).map(\.model)
        let note = try #require(discussions.first?.notes.first)
        #expect(
            note.position
                == DiffPosition(
                    baseSHA: "b5d6e7b1613fca24d250fa8e5bc7bcc3dd6002ef",
                    startSHA: "7c9c2ead8a320fb7ba0b4e234bd9529a2614e306",
                    headSHA: "4803c71e6b1833ca72b8b26ef2ecd5adc8a38031",
                    oldPath: "package.json",
                    newPath: "package.json",
                    oldLine: 27,
                    newLine: 27
                )
        )
    }

    @Test("a position encodes as GitLab's position object and leaves out absent lines")
    func positionEncoding() throws {
        let position = DiffPosition(baseSHA: "b", startSHA: "s", headSHA: "h", oldPath: "a.txt", newPath: "a.txt", newLine: 3)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(GitLabRequestBody.Discussion(body: "x", position: position)), as: UTF8.self)
        #expect(
            json
                == #"{"body":"x","position":{"base_sha":"b","head_sha":"h","new_line":3,"new_path":"a.txt","old_path":"a.txt","position_type":"text","start_sha":"s"}}"#
        )
    }

    @Test(
        "a project path is one URL segment",
        arguments: [
            (ProjectRef.id(42), "42"),
            (ProjectRef.path("acme/app"), "acme%2Fapp"),
            (ProjectRef.path("group/sub group/app.v2"), "group%2Fsub%20group%2Fapp.v2"),
        ]
    )
    func projectSegment(reference: ProjectRef, segment: String) {
        #expect(reference.pathSegment == segment)
    }
}
