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

    /// `source` with RE2 spellings ICU refuses replaced by ICU's: `(?P<name>` becomes `(?<name>`
    /// without underscores in the name, and a brace that is not part of a `{n}`, `{n,}` or `{n,m}`
    /// quantifier (outside a character class) is escaped.
    static func icuCompatible(_ source: String) -> String {
        let characters = Array(source)
        var result = ""
        var index = 0
        var inClass = false
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                result.append(character)
                result.append(characters[index + 1])
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
                result.append(character)
                index += 1
                continue
            }
            switch character {
            case "[":
                inClass = true
                result.append(character)
                index += 1
                // A `]` right after `[` or `[^` is a literal member, not the end of the class.
                if index < characters.count, characters[index] == "^" {
                    result.append("^")
                    index += 1
                }
                if index < characters.count, characters[index] == "]" {
                    result.append("]")
                    index += 1
                }
            case "(" where String(characters[index...].prefix(4)) == "(?P<":
                let nameStart = index + 4
                var end = nameStart
                while end < characters.count, characters[end] != ">" { end += 1 }
                result += "(?<" + String(characters[nameStart..<end].filter { $0 != "_" })
                index = end
            case "(" where String(characters[index...].prefix(3)) == "(?<" && !"=!".contains(characters[min(index + 3, characters.count - 1)]):
                let nameStart = index + 3
                var end = nameStart
                while end < characters.count, characters[end] != ">" { end += 1 }
                result += "(?<" + String(characters[nameStart..<end].filter { $0 != "_" })
                index = end
            case "{":
                if let length = quantifierLength(characters, at: index) {
                    result += String(characters[index..<(index + length)])
                    index += length
                } else {
                    result += "\\{"
                    index += 1
                }
            case "}":
                result += "\\}"
                index += 1
            default:
                result.append(character)
                index += 1
            }
        }
        return result
    }

    /// The length of a `{n}`, `{n,}` or `{n,m}` quantifier starting at `index`, or `nil`.
    private static func quantifierLength(_ characters: [Character], at index: Int) -> Int? {
        var end = index + 1
        var digits = 0
        var commas = 0
        while end < characters.count, characters[end] != "}" {
            if characters[end] == "," {
                commas += 1
            } else if characters[end].isASCII, characters[end].isNumber {
                if commas == 0 { digits += 1 }
            } else {
                return nil
            }
            end += 1
        }
        guard end < characters.count, digits > 0, commas <= 1 else { return nil }
        return end - index + 1
    }
}
