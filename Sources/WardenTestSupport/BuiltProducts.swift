import Foundation

/// Executables of this package built by `swift build --build-tests` (`warden`, `WardenTestClaimer`).
public enum BuiltProducts {
    /// The path of a built executable: `WARDEN_BUILD_DIR` (when set) or `<repo>/.build/debug`, then the name.
    /// - Throws: ``TestSupportError`` when the executable is not there (build first; tests never skip).
    public static func path(_ name: String) throws -> String {
        let directory = ProcessInfo.processInfo.environment["WARDEN_BUILD_DIR"]
            ?? RepositoryRoot.url.appendingPathComponent(".build/debug").path
        let path = directory + "/" + name
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSupportError.fileSystem(path: path, reason: "not built; run `swift build --build-tests` first")
        }
        return path
    }
}
