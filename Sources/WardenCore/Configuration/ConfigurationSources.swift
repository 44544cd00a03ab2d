/// The layers a setting can come from, highest precedence first: the environment, the file, the default.
///
/// Hand-written rather than a swift-configuration `ConfigReader`: Warden's variable names do not
/// follow one encoding of the file keys (`codex.sandbox_mode` is `WARDEN_SANDBOX_MODE`), an error must
/// name the variable or the file key the bad value actually came from, secrets come from `*_FILE`
/// files, and a file key nobody reads must be an error.
struct ConfigurationSources: Sendable {
    /// A value found in one layer, with the name of the variable or key it came from.
    struct Setting: Sendable {
        enum Value: Sendable {
            /// An environment variable's text.
            case text(String)
            /// A value from `warden.toml`, typed as the file wrote it.
            case toml(TOMLValue)
        }

        let value: Value
        /// The variable (`WARDEN_CODEX_SEATS`) or file key (`codex.seats`) to name in errors.
        let origin: String
    }

    /// The process environment (or a test's stand-in).
    let environment: [String: String]
    /// The file's settings by dotted key, only keys listed in ``ConfigurationKey/allFileKeys``.
    let fileSettings: [String: TOMLValue]

    /// Checks the file's keys and flattens them.
    ///
    /// - Parameters:
    ///   - environment: the environment variables.
    ///   - file: the parsed configuration file, empty when there is none.
    ///   - filePath: the file's path, for error messages.
    /// - Throws: ``ConfigurationError`` naming the first unknown key (in sorted order), or a known table
    ///   that is not a table.
    init(environment: [String: String], file: [String: TOMLValue], filePath: String?) throws(ConfigurationError) {
        self.environment = environment
        var flattened: [String: TOMLValue] = [:]
        try Self.flatten(file, prefix: "", into: &flattened, filePath: filePath)
        self.fileSettings = flattened
    }

    /// The value of `key` from the environment, else from the file, else `nil`.
    func setting(_ key: ConfigurationKey) -> Setting? {
        if let text = environment[key.environmentName] {
            return Setting(value: .text(text), origin: key.environmentName)
        }
        if let value = fileSettings[key.fileKey] {
            return Setting(value: .toml(value), origin: key.fileKey)
        }
        return nil
    }

    private static let knownTables: Set<String> = Set(
        ConfigurationKey.allFileKeys.flatMap { key in
            let parts = key.split(separator: ".")
            return (1..<max(parts.count, 1)).map { parts.prefix($0).joined(separator: ".") }
        }
    )

    private static func flatten(
        _ table: [String: TOMLValue],
        prefix: String,
        into result: inout [String: TOMLValue],
        filePath: String?
    ) throws(ConfigurationError) {
        for (name, value) in table.sorted(by: { $0.key < $1.key }) {
            let key = prefix.isEmpty ? name : "\(prefix).\(name)"
            if ConfigurationKey.allFileKeys.contains(key) {
                result[key] = value
            } else if knownTables.contains(key) {
                guard case .table(let child) = value else {
                    throw .invalidValue(key: key, problem: "is \(value.typeName)", expected: "a table")
                }
                try flatten(child, prefix: key, into: &result, filePath: filePath)
            } else {
                let siblings = (ConfigurationKey.allFileKeys.union(knownTables))
                    .filter { candidate in
                        let parent = candidate.split(separator: ".").dropLast().joined(separator: ".")
                        return parent == prefix
                    }
                    .sorted()
                throw .invalidValue(
                    key: key,
                    problem: "is not a known setting" + (filePath.map { " in \($0.escapedForMessage)" } ?? ""),
                    expected: "one of " + siblings.joined(separator: ", ")
                )
            }
        }
    }
}
