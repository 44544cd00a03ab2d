/// The prompt Codex gets for one finding: a template with `$NAME` placeholders.
///
/// Only the listed variables (``variables``) are filled; any other `$NAME` — a shell variable in an
/// example, `$HOME` — is left exactly as written, and a value is inserted once, never scanned for
/// further placeholders. A listed variable the template uses but no value was given for is an error,
/// so a prompt never goes out with a hole in it.
public struct PromptTemplate: Sendable, Hashable {
    /// The variables every finding has values for.
    public static let findingVariables: Set<String> = ["FINDING_ID", "FINDING_TITLE", "FINDING_DETAILS", "REPO", "BRANCH"]

    /// The variables only a Dependabot alert has values for (``Finding/variables``); a template using them fails for
    /// findings of other sources.
    public static let dependabotVariables: Set<String> = [
        "PACKAGE", "ECOSYSTEM", "MANIFEST", "VULNERABLE_RANGE", "FIXED_VERSION", "SEVERITY", "ADVISORY_URL",
    ]

    /// The variables a template may use.
    public static let variables = findingVariables.union(dependabotVariables)

    /// The template's text.
    public let text: String

    /// A template.
    ///
    /// - Parameter text: the text with `$NAME` placeholders.
    /// - Throws: ``RemediationError/invalidTemplate(_:)`` for an empty text.
    public init(_ text: String) throws(RemediationError) {
        guard !text.allSatisfy(\.isWhitespace) else { throw .invalidTemplate("it is empty") }
        self.text = text
    }

    /// The built-in template, used when no `--template` is given.
    public static let builtIn = PromptTemplate(uncheckedText: """
        You are fixing one security finding in the repository $REPO. Your working directory is a fresh \
        checkout of its default branch; your changes will be committed to the branch $BRANCH and proposed \
        as a draft merge request that a person reviews.

        Finding: $FINDING_ID
        Title: $FINDING_TITLE

        Details:
        $FINDING_DETAILS

        Make the smallest change that fixes this finding, following the repository's conventions \
        (and its AGENTS.md, if there is one). Add or update tests that show the fix works. Do not \
        commit, push or create branches; do not add credentials, tokens or keys of any kind, not even \
        examples. When you are done, reply with a short summary of the change for the merge request.

        """)

    private init(uncheckedText: String) {
        self.text = uncheckedText
    }

    /// The names of the listed variables the template uses.
    public var usedVariables: Set<String> {
        Set(Self.placeholders(in: text).compactMap { Self.variables.contains($0.name) ? $0.name : nil })
    }

    /// Fills the template.
    ///
    /// - Parameter values: values by variable name (`FINDING_ID`); names that are not listed are ignored.
    /// - Returns: the prompt.
    /// - Throws: ``RemediationError/missingTemplateValue(_:)`` naming the first listed variable the
    ///   template uses without a value.
    public func filled(with values: [String: String]) throws(RemediationError) -> String {
        var result = ""
        var cursor = text.startIndex
        for placeholder in Self.placeholders(in: text) where Self.variables.contains(placeholder.name) {
            guard let value = values[placeholder.name] else { throw .missingTemplateValue(placeholder.name) }
            result += text[cursor..<placeholder.range.lowerBound]
            result += value
            cursor = placeholder.range.upperBound
        }
        result += text[cursor...]
        return result
    }

    /// Every `$NAME` of `text`, where a name is the longest run of `A-Z`, `0-9` and `_` after `$`
    /// starting with a letter or `_` (so `$FINDING_IDS` is not `$FINDING_ID` followed by `S`).
    static func placeholders(in text: String) -> [(name: String, range: Range<String.Index>)] {
        var result: [(name: String, range: Range<String.Index>)] = []
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            var end = text.index(after: dollar)
            while end < text.endIndex, let ascii = text[end].asciiValue, Self.isNameByte(ascii, first: end == text.index(after: dollar)) {
                end = text.index(after: end)
            }
            let name = String(text[text.index(after: dollar)..<end])
            if !name.isEmpty { result.append((name, dollar..<end)) }
            guard end < text.endIndex else { break }
            index = end
        }
        return result
    }

    private static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return !first
        default: return false
        }
    }
}
