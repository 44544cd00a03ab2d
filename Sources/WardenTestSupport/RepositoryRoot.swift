public import Foundation

/// The root of the Warden checkout these sources were compiled from.
///
/// Tests locate the pinned codex binary (`.tools/`) and their scratch directories (`.build/`) relative to it,
/// so they work from any current directory and never touch `/tmp`, where codex refuses to create helper links.
public enum RepositoryRoot {
    /// `<root>/Sources/WardenTestSupport/RepositoryRoot.swift` → `<root>`.
    public static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .standardizedFileURL
}
