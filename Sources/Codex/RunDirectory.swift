import Foundation

/// A private directory (mode 0700) for one run's files: the prompt and the output schema.
///
/// Removed when the run ends; the prompt file is unlinked as soon as codex holds it open.
struct RunDirectory: Sendable {
    /// The directory's path.
    let path: String

    /// Creates a new directory with a random name.
    ///
    /// - Parameter parent: where to create it (the system temporary directory by default).
    /// - Throws: ``CodexError/spawnFailed(reason:)`` when it cannot be created.
    init(under parent: String) throws(CodexError) {
        let path = (parent as NSString).appendingPathComponent("warden-codex-\(UUID().uuidString.lowercased())")
        do {
            try FileManager.default.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw .spawnFailed(reason: "cannot create a private run directory under \(parent): \(error)")
        }
        self.path = path
    }

    /// Writes a file readable by the owner only.
    ///
    /// - Parameters:
    ///   - name: the file name.
    ///   - contents: its text.
    /// - Returns: the file's path.
    /// - Throws: ``CodexError/spawnFailed(reason:)``.
    func write(_ name: String, contents: String) throws(CodexError) -> String {
        let file = (path as NSString).appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: file, contents: Data(contents.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw .spawnFailed(reason: "cannot write \(name) in the private run directory")
        }
        return file
    }

    /// Deletes the directory and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
