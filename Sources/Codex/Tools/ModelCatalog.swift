public import Foundation

/// The model catalogue a job without `apply_patch` hands codex, so codex does not offer the tool.
///
/// codex 0.163 has no switch for `apply_patch`: whether it is offered comes from the model's entry in codex's model
/// catalogue (`apply_patch_tool_type`). What it does have is `model_catalog_json`, a file that replaces the bundled
/// catalogue. So Warden reads codex's own bundled catalogue (`codex debug models --bundled`), sets every model's
/// `apply_patch_tool_type` to `null` and leaves everything else as codex shipped it; a codex upgrade brings its own
/// metadata and Warden carries none. A model missing from the catalogue gets codex's fallback metadata, which offers
/// no `apply_patch` either (measured on 0.163; `ToolSurfaceTests` checks both).
///
/// Pure: ``withoutApplyPatch(_:)`` is the whole transformation, tested as a table.
public enum ModelCatalog {
    /// The catalogue key naming a model's patch tool.
    static let applyPatchKey = "apply_patch_tool_type"

    /// `catalogue` with every model's ``applyPatchKey`` set to `null`.
    ///
    /// - Parameter catalogue: the JSON codex prints for `codex debug models`: `{"models": [{…}, …]}`.
    /// - Returns: the same catalogue, JSON-encoded, without a patch tool for any model.
    /// - Throws: ``CodexError/spawnFailed(reason:)`` when the text is not such a catalogue (a codex whose output
    ///   changed shape must not silently leave the tool in).
    public static func withoutApplyPatch(_ catalogue: Data) throws(CodexError) -> Data {
        guard
            var root = (try? JSONSerialization.jsonObject(with: catalogue)) as? [String: Any],
            let models = root["models"] as? [[String: Any]], !models.isEmpty
        else {
            throw .spawnFailed(reason: "codex's model catalogue is not a JSON object with a non-empty \"models\" array")
        }
        root["models"] = models.map { model in
            var model = model
            model[applyPatchKey] = NSNull()
            return model
        }
        do {
            return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
        } catch {
            throw .spawnFailed(reason: "cannot encode the model catalogue: \(error)")
        }
    }
}
