/// Warden's release version, printed by `warden --version`; the Helm chart's `appVersion` and the image tags follow
/// it (a deploy test compares them).
public enum WardenVersion {
    /// The version, `major.minor.patch`.
    public static let current = "0.1.0"
}
