import Forge
import Testing

@Suite("GitHub review rejections")
struct GitHubReviewRejectionTests {
    @Test(
        "tells anchor problems from other 422s",
        arguments: [
            ("Unprocessable Entity: Pull request review thread line must be part of the diff", true),
            ("Unprocessable Entity: Pull request review thread start line must be part of the same hunk as the line.", true),
            ("Unprocessable Entity: Pull request review thread diff hunk can't be blank", true),
            ("Unprocessable Entity: \"LEFTISH\" is not a valid side.", true),
            ("Unprocessable Entity: Pull request review thread path could not be resolved", true),
            ("Validation Failed: commit_id is not part of the pull request", false),
            ("Unprocessable Entity: Can not approve your own pull request", false),
            ("", false),
        ]
    )
    func anchors(_ message: String, _ expected: Bool) {
        #expect(GitHubReviewRejection.isAboutAnchors(message) == expected)
    }
}
