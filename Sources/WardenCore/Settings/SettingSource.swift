/// Which layer an effective value came from.
public enum SettingSource: String, Sendable, Codable {
    /// No layer sets it.
    case `default`
    /// `warden.toml`.
    case file
    /// A `WARDEN_*` variable.
    case environment
}
