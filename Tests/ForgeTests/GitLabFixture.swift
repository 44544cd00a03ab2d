import Foundation
import Testing

/// A published GitLab payload from the shared reference fixtures (`<repo>/../shared/reference/fixtures/gitlab`).
struct GitLabFixture: Sendable, CustomTestStringConvertible {
    /// The file name inside `fixtures/gitlab`.
    let name: String
    /// The `X-Gitlab-Event` header GitLab sends with it.
    let header: String

    /// The fixture's bytes, exactly as published.
    func body() throws -> Data {
        let repositoryRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = repositoryRoot.appendingPathComponent("../shared/reference/fixtures/gitlab/\(name)")
        return try Data(contentsOf: url)
    }

    var testDescription: String { name }
}
