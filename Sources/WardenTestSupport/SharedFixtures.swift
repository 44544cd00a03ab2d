public import Foundation

/// The shared webhook and API fixtures (`../shared/reference/fixtures/` beside the checkout).
public enum SharedFixtures {
    /// The fixtures directory: `WARDEN_FIXTURES_DIR` when set, else `<repo>/../shared/reference/fixtures`.
    public static var directory: URL {
        if let overridden = ProcessInfo.processInfo.environment["WARDEN_FIXTURES_DIR"] {
            return URL(fileURLWithPath: overridden)
        }
        return RepositoryRoot.url.deletingLastPathComponent().appendingPathComponent("shared/reference/fixtures")
    }

    /// The bytes of a fixture, e.g. `gitlab/docs_webhook_merge_request_open.json`.
    /// - Throws: ``TestSupportError`` naming the path when it is missing.
    public static func data(_ relativePath: String) throws -> Data {
        let url = directory.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TestSupportError.fileSystem(path: url.path, reason: "fixture not found")
        }
        return data
    }
}
