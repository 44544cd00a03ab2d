import Foundation
import Testing
import WardenTestSupport

/// A published GitLab payload from the shared reference fixtures, with the header GitLab sends it under.
struct GitLabFixture: Sendable, CustomTestStringConvertible {
    /// The file name inside `fixtures/gitlab`.
    let name: String
    /// The `X-Gitlab-Event` header GitLab sends with it.
    let header: String

    /// The fixture's bytes, exactly as published.
    func body() throws -> Data {
        try SharedFixtures.data("gitlab/\(name)")
    }

    var testDescription: String { name }
}
