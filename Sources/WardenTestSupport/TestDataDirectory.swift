public import Foundation

/// A fresh data directory for one test (`<repo>/.build/test-data/<uuid>`), the way `WARDEN_DATA_DIR` is used.
public struct TestDataDirectory: Sendable {
    /// The directory's path.
    public let path: String

    /// Creates the directory.
    /// - Throws: ``TestSupportError`` when it cannot be created.
    public init() throws {
        let url = RepositoryRoot.url.appendingPathComponent(".build/test-data/\(UUID().uuidString.lowercased())")
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw TestSupportError.fileSystem(path: url.path, reason: "\(error)")
        }
        path = url.path
    }

    /// Every regular file below the directory, with its bytes (for canary scans).
    public func allFiles() -> [(path: String, bytes: Data)] {
        guard let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        return enumerator.compactMap { entry in
            guard let relative = entry as? String else { return nil }
            let full = path + "/" + relative
            guard let data = FileManager.default.contents(atPath: full) else { return nil }
            return (full, data)
        }
    }

    /// Deletes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
