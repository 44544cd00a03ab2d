import WardenCore

/// A set of gitleaks rules and the global allowlist, read from a gitleaks TOML configuration.
///
/// ``gitleaksDefaults()`` is the built-in set: gitleaks' own default configuration, embedded in
/// the binary (MIT licence, see `SecretRuleSet+Gitleaks.swift`).
public struct SecretRuleSet: Sendable {
    /// The rules, in the configuration's order.
    public let rules: [SecretRule]
    /// The global allowlists, applied to every rule's matches.
    let allowlists: [SecretAllowlist]

    /// gitleaks' default rules.
    ///
    /// - Throws: ``RemediationError/invalidRules(_:)`` if the embedded configuration does not load
    ///   (a test guards this).
    public static func gitleaksDefaults() throws(RemediationError) -> SecretRuleSet {
        try SecretRuleSet(toml: gitleaksDefaultConfiguration)
    }

    /// Reads a gitleaks configuration: `[[rules]]` with `id`, `description`, `regex`, `path`,
    /// `keywords`, `entropy`, `secretGroup` and `[[rules.allowlists]]`; a global `[allowlist]` or
    /// `[[allowlists]]`.
    ///
    /// - Parameter toml: the configuration text.
    /// - Throws: ``RemediationError/invalidRules(_:)`` naming the rule at fault.
    public init(toml: String) throws(RemediationError) {
        let document: [String: TOMLValue]
        do {
            document = try TOMLParser.parse(toml)
        } catch {
            throw .invalidRules("\(error)")
        }
        var rules: [SecretRule] = []
        guard case .array(let entries)? = document["rules"] else { throw .invalidRules("there is no [[rules]] array") }
        for (index, entry) in entries.enumerated() {
            guard case .table(let table) = entry else { throw .invalidRules("rule \(index + 1) is not a table") }
            rules.append(try Self.rule(table, index: index))
        }
        var allowlists: [SecretAllowlist] = []
        if case .table(let table)? = document["allowlist"] {
            allowlists.append(try Self.allowlist(table, context: "the global allowlist"))
        }
        if case .array(let tables)? = document["allowlists"] {
            for case .table(let table) in tables {
                allowlists.append(try Self.allowlist(table, context: "the global allowlists"))
            }
        }
        self.rules = rules
        self.allowlists = allowlists
    }

    private static func rule(_ table: [String: TOMLValue], index: Int) throws(RemediationError) -> SecretRule {
        guard case .string(let id)? = table["id"], !id.isEmpty else { throw .invalidRules("rule \(index + 1) has no id") }
        let context = "rule \(id)"
        let pattern = try string(table["regex"], context: context).map { text throws(RemediationError) in try SecretPattern(text, context: context) }
        let path = try string(table["path"], context: context).map { text throws(RemediationError) in try SecretPattern(text, context: context) }
        guard pattern != nil || path != nil else { throw .invalidRules("\(context) has neither a regex nor a path") }
        var entropy: Double?
        switch table["entropy"] {
        case .float(let value)?: entropy = value
        case .integer(let value)?: entropy = Double(value)
        case nil: entropy = nil
        case let other?: throw .invalidRules("\(context): entropy is \(other.typeName)")
        }
        var secretGroup = 0
        if case .integer(let group)? = table["secretGroup"] { secretGroup = Int(group) }
        var allowlists: [SecretAllowlist] = []
        if case .array(let tables)? = table["allowlists"] {
            for case .table(let entry) in tables {
                allowlists.append(try Self.allowlist(entry, context: context))
            }
        }
        return SecretRule(
            id: id,
            summary: try string(table["description"], context: context) ?? id,
            keywords: try strings(table["keywords"], context: context).map { $0.lowercased() },
            entropy: entropy,
            pattern: pattern,
            path: path,
            secretGroup: secretGroup,
            allowlists: allowlists
        )
    }

    private static func allowlist(_ table: [String: TOMLValue], context: String) throws(RemediationError) -> SecretAllowlist {
        let condition = try string(table["condition"], context: context)?.uppercased() ?? "OR"
        guard condition == "OR" || condition == "AND" else { throw .invalidRules("\(context): condition \(condition) is neither OR nor AND") }
        let targetText = try string(table["regexTarget"], context: context) ?? "secret"
        guard let target = SecretAllowlist.Target(rawValue: targetText) else {
            throw .invalidRules("\(context): regexTarget \(targetText) is not secret, match or line")
        }
        var paths: [SecretPattern] = []
        for text in try strings(table["paths"], context: context) { paths.append(try SecretPattern(text, context: context)) }
        var regexes: [SecretPattern] = []
        for text in try strings(table["regexes"], context: context) { regexes.append(try SecretPattern(text, context: context)) }
        return SecretAllowlist(
            requiresAll: condition == "AND",
            paths: paths,
            regexes: regexes,
            target: target,
            stopwords: try strings(table["stopwords"], context: context).map { $0.lowercased() }
        )
    }

    private static func string(_ value: TOMLValue?, context: String) throws(RemediationError) -> String? {
        switch value {
        case nil: return nil
        case .string(let text)?: return text
        case let other?: throw .invalidRules("\(context): expected a string, found \(other.typeName)")
        }
    }

    private static func strings(_ value: TOMLValue?, context: String) throws(RemediationError) -> [String] {
        switch value {
        case nil: return []
        case .array(let values)?:
            var result: [String] = []
            for value in values {
                guard case .string(let text) = value else { throw .invalidRules("\(context): expected strings, found \(value.typeName)") }
                result.append(text)
            }
            return result
        case let other?: throw .invalidRules("\(context): expected an array of strings, found \(other.typeName)")
        }
    }
}
