/// Every setting a command knows: the union of the modules' registries.
///
/// It decides which file keys are allowed (anything else is an error, with the nearest key suggested), which
/// `WARDEN_*` variables look misspelt, and what the documentation tables list.
public struct SettingsRegistry: Sendable {
    /// The settings, in documentation order.
    public let settings: [any AnySetting]
    /// The declarations, in documentation order.
    public let declarations: [SettingDeclaration]

    /// `WARDEN_*` variables that are not settings but are read by Warden's tooling (the build and the tests).
    public static let otherVariables: Set<String> = [
        ConfigurationLoader.configPathEnvironmentName, "WARDEN_STRICT_BUILD", "WARDEN_FIXTURES_DIR", "WARDEN_BUILD_DIR",
        "WARDEN_FUZZ_ITERATIONS", "WARDEN_FUZZ_INDEX", "WARDEN_BINARY",
    ]

    /// A registry of `settings`.
    ///
    /// - Precondition: no file key or variable is declared twice.
    public init(_ settings: [any AnySetting]) {
        self.settings = settings
        self.declarations = settings.map(\.declaration)
        let fileKeys = declarations.flatMap(\.fileKeys)
        let variables = declarations.flatMap(\.environmentNames)
        precondition(Set(fileKeys).count == fileKeys.count, "a file key is declared twice")
        precondition(Set(variables).count == variables.count, "an environment variable is declared twice")
    }

    /// This registry and `other`'s settings after it.
    public func adding(_ other: [any AnySetting]) -> SettingsRegistry {
        SettingsRegistry(settings + other)
    }

    /// Every key a configuration file may contain, including the `*_file` forms of secrets.
    public var fileKeys: Set<String> { Set(declarations.flatMap(\.fileKeys)) }

    /// Every variable a setting may come from, including the `*_FILE` forms of secrets.
    public var environmentNames: Set<String> { Set(declarations.flatMap(\.environmentNames)) }

    /// The tables (`codex`, `gateway`) that group file keys.
    var tables: Set<String> {
        Set(
            fileKeys.flatMap { key in
                let parts = key.split(separator: ".")
                return (1..<Swift.max(parts.count, 1)).map { parts.prefix($0).joined(separator: ".") }
            }
        )
    }

    /// The file's settings by dotted key.
    ///
    /// - Throws: ``ConfigurationError`` naming the first unknown key (in sorted order) with the nearest known key,
    ///   or a known table that is not a table.
    func flatten(_ file: [String: TOMLValue], filePath: String?) throws(ConfigurationError) -> [String: TOMLValue] {
        var result: [String: TOMLValue] = [:]
        try flatten(file, prefix: "", into: &result, fileKeys: fileKeys, tables: tables, filePath: filePath)
        return result
    }

    private func flatten(
        _ table: [String: TOMLValue],
        prefix: String,
        into result: inout [String: TOMLValue],
        fileKeys: Set<String>,
        tables: Set<String>,
        filePath: String?
    ) throws(ConfigurationError) {
        for (name, value) in table.sorted(by: { $0.key < $1.key }) {
            let key = prefix.isEmpty ? name : "\(prefix).\(name)"
            if fileKeys.contains(key) {
                result[key] = value
            } else if tables.contains(key) {
                guard case .table(let child) = value else {
                    throw .invalidValue(key: key, problem: "is \(value.typeName)", expected: "a table")
                }
                try flatten(child, prefix: key, into: &result, fileKeys: fileKeys, tables: tables, filePath: filePath)
            } else {
                let place = filePath.map { " in \($0.escapedForMessage)" } ?? ""
                if let suggestion = EditDistance.nearest(to: key, among: fileKeys) {
                    throw .invalidValue(key: key, problem: "is not a known setting\(place); did you mean `\(suggestion)`?", expected: nil)
                }
                let siblings = fileKeys.union(tables).filter { candidate in
                    candidate.split(separator: ".").dropLast().joined(separator: ".") == prefix
                }
                throw .invalidValue(
                    key: key,
                    problem: "is not a known setting\(place)",
                    expected: "one of " + siblings.sorted().joined(separator: ", ")
                )
            }
        }
    }

    /// A warning for each `WARDEN_*` variable that is not a setting but is within a few edits of one.
    ///
    /// Other `WARDEN_*` variables are left alone: other tools may share the prefix.
    func environmentWarnings(_ environment: [String: String]) -> [String] {
        let known = environmentNames
        return environment.keys.sorted().compactMap { name in
            guard name.hasPrefix("WARDEN_"), !known.contains(name), !Self.otherVariables.contains(name),
                let suggestion = EditDistance.nearest(to: name, among: known)
            else { return nil }
            return "\(name) is not a Warden setting and is ignored; did you mean \(suggestion)?"
        }
    }
}
