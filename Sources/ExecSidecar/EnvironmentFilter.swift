/// Decides which environment variables travel from the model's side to its commands.
///
/// Both ends apply it: the shim so that secrets never cross the socket, the server so that a forged
/// request cannot inject them. Dropped are names that look like secrets (`*KEY*`, `*SECRET*`, `*TOKEN*`,
/// `*PASSWORD*`, `*PASSWD*`, `*CREDENTIAL*`, `*PRIVATE*`, case-insensitive), codex's own state
/// (`CODEX_HOME`), the sidecar's settings (`WARDEN_*`), and variables that make a shell or the dynamic
/// loader run code of the caller's choosing (`LD_*`, `BASH_ENV`, `ENV`, `BASH_FUNC_*`, `SHELLOPTS`,
/// `BASHOPTS`, `PROMPT_COMMAND`, `PS4`, `GCONV_PATH`, `GLIBC_TUNABLES`), plus any name that is not a
/// shell identifier or a value with a NUL byte.
public enum EnvironmentFilter {
    /// Substrings of upper-cased names that mark a secret.
    public static let secretMarkers = ["KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "CREDENTIAL", "PRIVATE"]
    /// Names dropped exactly.
    public static let deniedNames: Set<String> = [
        "CODEX_HOME", "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PROMPT_COMMAND", "PS4", "GCONV_PATH", "GLIBC_TUNABLES",
    ]
    /// Name prefixes dropped.
    public static let deniedPrefixes = ["LD_", "BASH_FUNC_", "WARDEN_"]

    /// Whether `name=value` may be passed on.
    public static func allows(name: String, value: String) -> Bool {
        guard isIdentifier(name), !value.utf8.contains(0) else { return false }
        if deniedNames.contains(name) { return false }
        if deniedPrefixes.contains(where: { name.hasPrefix($0) }) { return false }
        let upper = name.uppercased()
        return !secretMarkers.contains { upper.contains($0) }
    }

    /// The variables of `environment` that may be passed on.
    public static func filtered(_ environment: [String: String]) -> [String: String] {
        environment.filter { allows(name: $0.key, value: $0.value) }
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
