/// The Codex sandbox a run gets; the only three values codex accepts for `--sandbox`.
public enum SandboxMode: String, Sendable, CaseIterable, Codable {
    case readOnly = "read-only"
    case workspaceWrite = "workspace-write"
    case dangerFullAccess = "danger-full-access"

    /// The mode when nothing is configured.
    public static let `default`: SandboxMode = .readOnly

    /// Parses a configured value exactly (no trimming, no case folding).
    ///
    /// - Parameter text: the configured value.
    /// - Throws: ``ConfigurationError`` naming the accepted values when `text` is anything else.
    public init(validating text: String, key: String) throws(ConfigurationError) {
        guard let mode = SandboxMode(rawValue: text) else {
            throw ConfigurationError.invalidValue(
                key: key,
                problem: "unknown sandbox mode \"\(text.escapedForMessage)\"",
                expected: SandboxMode.allCases.map(\.rawValue).joined(separator: " | ")
            )
        }
        self = mode
    }

    /// Whether the mode is weaker than the read-only default (operators get a warning).
    public var isWeakerThanDefault: Bool { self != .readOnly }
}
