import Foundation
import Testing
import WardenTestSupport

@testable import Codex

/// The patch-less model catalogue: every model loses its patch tool and keeps everything else; a catalogue of
/// another shape is refused rather than passed on with the tool in.
@Suite("ModelCatalog")
struct ModelCatalogTests {
    static func models(_ data: Data) throws -> [[String: Any]] {
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(root["models"] as? [[String: Any]])
    }

    @Test("every model's apply_patch_tool_type becomes null; the other keys stay as codex wrote them")
    func transform() throws {
        let catalogue = Data(
            (#"{"models":[{"slug":"gpt-5.5","apply_patch_tool_type":"freeform","shell_type":"unified_exec","priority":3},"#
                + #"{"slug":"other","shell_type":"local"}],"fetched_at":"x"}"#).utf8
        )
        let models = try Self.models(try ModelCatalog.withoutApplyPatch(catalogue))
        #expect(models.count == 2)
        #expect(models.allSatisfy { $0["apply_patch_tool_type"] is NSNull })
        #expect(models[0]["slug"] as? String == "gpt-5.5")
        #expect(models[0]["shell_type"] as? String == "unified_exec")
        #expect(models[0]["priority"] as? Int == 3)
        #expect(models[1]["shell_type"] as? String == "local")
    }

    @Test("a catalogue of another shape is refused", arguments: [#"{"models":[]}"#, #"{"data":[{}]}"#, #"[{"slug":"x"}]"#, "not json", ""])
    func refused(_ text: String) {
        #expect(throws: CodexError.self) { try ModelCatalog.withoutApplyPatch(Data(text.utf8)) }
    }

    @Test("the real codex's bundled catalogue transforms, and is read once per binary")
    func realCatalogue() async throws {
        let source = ModelCatalogSource()
        let executable = try CodexBinary.path()
        let home = try TestDataDirectory()
        defer { home.remove() }
        let environment = ["PATH": "/usr/bin:/bin", "HOME": home.path, "CODEX_HOME": home.path]
        let first = try await source.catalogueWithoutApplyPatch(executable: executable, environment: environment)
        let models = try Self.models(first)
        #expect(models.count > 1)
        #expect(models.allSatisfy { $0["apply_patch_tool_type"] is NSNull })
        #expect(models.contains { $0["slug"] as? String == "gpt-5.5" })
        let second = try await source.catalogueWithoutApplyPatch(executable: executable, environment: [:])
        #expect(first == second)
    }
}
