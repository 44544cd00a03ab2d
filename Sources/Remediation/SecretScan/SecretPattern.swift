import Foundation

/// One regular expression of the rule set, compiled with ICU (`NSRegularExpression`).
///
/// gitleaks writes Go RE2 syntax. ICU accepts all of it that the default rules use except named
/// groups written `(?P<name>…)` with underscores in the name and an unescaped literal `}}`;
/// ``icuCompatible(_:)`` rewrites those before compiling.
struct SecretPattern: Sendable {
    /// The pattern as written in the rule set.
    let source: String
    let regex: NSRegularExpression

    /// Compiles `source`.
    ///
    /// - Throws: ``RemediationError/invalidRules(_:)`` naming `context` when neither the pattern nor its
    ///   rewritten form compiles.
    init(_ source: String, context: String) throws(RemediationError) {
        self.source = source
        if let regex = try? NSRegularExpression(pattern: source) {
            self.regex = regex
        } else if let regex = try? NSRegularExpression(pattern: Self.icuCompatible(source)) {
            self.regex = regex
        } else {
            throw .invalidRules("\(context): the pattern \(String(source.prefix(60))) does not compile")
        }
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        let string = text as NSString
        return regex.firstMatch(in: text, range: NSRange(location: 0, length: string.length)) != nil
    }

    /// `source` with RE2-only spellings replaced by ICU's: `(?P<name>` becomes `(?<name>` without
    /// underscores in the name, and `}}` not escaped becomes `\}\}`.
    static func icuCompatible(_ source: String) -> String {
        var result = ""
        var characters = Substring(source)
        while let first = characters.first {
            if characters.hasPrefix("\\") {
                result += characters.prefix(2)
                characters = characters.dropFirst(2)
            } else if characters.hasPrefix("(?P<") || characters.hasPrefix("(?<"), !characters.hasPrefix("(?<="), !characters.hasPrefix("(?<!") {
                let open = characters.hasPrefix("(?P<") ? 4 : 3
                let rest = characters.dropFirst(open)
                let name = rest.prefix { $0 != ">" }
                result += "(?<" + name.filter { $0 != "_" }
                characters = rest.dropFirst(name.count)
            } else if characters.hasPrefix("}}") {
                result += "\\}\\}"
                characters = characters.dropFirst(2)
            } else {
                result.append(first)
                characters = characters.dropFirst()
            }
        }
        return result
    }
}
