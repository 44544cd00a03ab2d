import Store
import Testing
import WardenCore

@Suite("New jobs")
struct NewJobTests {
    @Test(
        "job constructors build the deterministic id",
        arguments: [
            (NewJob.review(projectID: 42, mergeRequestIID: 7, headSHA: "abc123"), "review-42-7-abc123", JobKind.review),
            (NewJob.note(projectID: 42, mergeRequestIID: 7, noteID: 900, discussionID: "d"), "note-42-7-900", JobKind.note),
            (NewJob.note(projectID: 1, mergeRequestIID: 2, noteID: 3, discussionID: nil), "note-1-2-3", JobKind.note),
            (
                NewJob.githubReview(repositoryID: 42, repository: "acme/widgets", installationID: 9, number: 7, headSHA: "abc123"),
                "review-github-42-7-abc123", JobKind.review
            ),
            (
                NewJob.githubNote(repositoryID: 42, repository: "acme/widgets", installationID: nil, number: 7, commentID: 900, threadCommentID: nil),
                "note-github-42-7-900", JobKind.note
            ),
        ]
    )
    func deterministicID(job: NewJob, id: String, kind: JobKind) {
        #expect(job.id == id)
        #expect(job.kind == kind)
    }

    @Test("a review job carries its head SHA and a note job its note, discussion and position")
    func fields() {
        let review = NewJob.review(projectID: 42, mergeRequestIID: 7, headSHA: "abc")
        #expect(review.headSHA == "abc")
        #expect(review.noteID == nil)
        let position = NotePosition(newPath: "a.swift", newLine: 3)
        let note = NewJob.note(projectID: 42, mergeRequestIID: 7, noteID: 5, discussionID: "d", position: position)
        #expect(note.noteID == 5)
        #expect(note.discussionID == "d")
        #expect(note.position == position)
        #expect(note.headSHA == nil)
    }

    @Test("GitLab jobs are GitLab's; GitHub jobs carry the repository, the installation and, in a review thread, its top comment")
    func forges() {
        let gitlab = NewJob.review(projectID: 42, mergeRequestIID: 7, headSHA: "abc")
        #expect(gitlab.forge == .gitlab && gitlab.repository == nil && gitlab.installationID == nil)
        let review = NewJob.githubReview(repositoryID: 42, repository: "acme/widgets", installationID: 9, number: 7, headSHA: "abc")
        #expect(review.forge == .github && review.projectID == 42 && review.mergeRequestIID == 7 && review.headSHA == "abc")
        #expect(review.repository == "acme/widgets" && review.installationID == 9)
        let reply = NewJob.githubNote(repositoryID: 42, repository: "acme/widgets", installationID: 9, number: 7, commentID: 901, threadCommentID: 900)
        #expect(reply.forge == .github && reply.noteID == 901 && reply.discussionID == "900" && reply.headSHA == nil)
        let conversation = NewJob.githubNote(repositoryID: 42, repository: "acme/widgets", installationID: 9, number: 7, commentID: 902, threadCommentID: nil)
        #expect(conversation.discussionID == nil)
    }
}
