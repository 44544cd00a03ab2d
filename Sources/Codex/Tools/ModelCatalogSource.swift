public import Foundation
import Subprocess
import Synchronization
import SystemPackage

/// Reads codex's bundled model catalogue once per binary and keeps the patch-less copy (``ModelCatalog``) in memory,
/// so each run only writes it into its private run directory.
public final class ModelCatalogSource: Sendable {
    /// The process-wide source; the catalogue depends only on the codex binary.
    public static let shared = ModelCatalogSource()

    private let catalogues = Mutex<[String: Data]>([:])

    /// Creates an empty source (tests use their own).
    public init() {}

    /// The patch-less catalogue of `executable`, read with `codex debug models --bundled` the first time.
    ///
    /// - Parameters:
    ///   - executable: the codex binary.
    ///   - environment: codex's complete environment (the same allowlisted one its runs get).
    /// - Throws: ``CodexError/spawnFailed(reason:)`` when codex cannot print its catalogue; a run must then not
    ///   start, since it would offer `apply_patch`.
    public func catalogueWithoutApplyPatch(executable: String, environment: [String: String]) async throws(CodexError) -> Data {
        if let known = catalogues.withLock({ $0[executable] }) { return known }
        let transformed = try ModelCatalog.withoutApplyPatch(try await Self.bundledCatalogue(executable: executable, environment: environment))
        catalogues.withLock { $0[executable] = transformed }
        return transformed
    }

    /// Writes the patch-less catalogue of `executable` to `path` (mode 0600) and returns `path`.
    public func write(to path: String, executable: String, environment: [String: String]) async throws(CodexError) -> String {
        let catalogue = try await catalogueWithoutApplyPatch(executable: executable, environment: environment)
        guard FileManager.default.createFile(atPath: path, contents: catalogue, attributes: [.posixPermissions: 0o600]) else {
            throw .spawnFailed(reason: "cannot write the model catalogue to \(path)")
        }
        return path
    }

    /// What `codex debug models --bundled` prints (no network: the catalogue shipped in the binary).
    private static func bundledCatalogue(executable: String, environment: [String: String]) async throws(CodexError) -> Data {
        let output: String?
        let status: TerminationStatus
        let errorText: String?
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)),
                arguments: ["debug", "models", "--bundled"],
                environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Subprocess.Environment.Key(stringLiteral: $0.key), $0.value) })),
                output: .string(limit: 64 * 1024 * 1024),
                error: .string(limit: 8 * 1024)
            )
            (output, status, errorText) = (result.standardOutput, result.terminationStatus, result.standardError)
        } catch {
            throw .spawnFailed(reason: "cannot run codex debug models: \(error)")
        }
        guard case .exited(0) = status, let output else {
            let detail = (errorText ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(500)
            throw .spawnFailed(reason: "codex debug models --bundled failed (\(status)): \(detail)")
        }
        return Data(output.utf8)
    }
}
