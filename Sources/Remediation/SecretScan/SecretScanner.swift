import Foundation
public import Git

/// Finds secrets in the lines a fix adds, the way gitleaks does: keywords → regex → entropy →
/// allowlists.
///
/// Consecutive added lines of a file are scanned as one block, so multi-line secrets (private keys)
/// are found and a match never spans two separate hunks. gitleaks' `gitleaks:allow` comment and the
/// paths of its allowlists (lock files, `vendor/`, images) are deliberately **not** honoured: the text
/// being scanned was written by a model, which must not be able to waive the check it is subject to.
///
/// The regular expressions backtrack (ICU), so input is bounded by the caller: the gate refuses a fix
/// whose added text exceeds its limit rather than scanning it.
public struct SecretScanner: Sendable {
    /// The rules in use.
    public let ruleSet: SecretRuleSet
    private let matcher: KeywordMatcher
    /// For each keyword of the matcher, the rules it belongs to.
    private let rulesOfKeyword: [[Int]]
    /// Rules without keywords, which always run.
    private let unconditionalRules: [Int]

    /// Creates a scanner.
    ///
    /// - Parameter ruleSet: the rules; gitleaks' defaults in production.
    public init(ruleSet: SecretRuleSet) {
        self.ruleSet = ruleSet
        var keywords: [String] = []
        var rulesOfKeyword: [[Int]] = []
        var unconditional: [Int] = []
        for (index, rule) in ruleSet.rules.enumerated() {
            if rule.keywords.isEmpty { unconditional.append(index) }
            for keyword in rule.keywords {
                keywords.append(keyword)
                rulesOfKeyword.append([index])
            }
        }
        self.matcher = KeywordMatcher(keywords: keywords)
        self.rulesOfKeyword = rulesOfKeyword
        self.unconditionalRules = unconditional
    }

    /// Scans the added lines of several files.
    ///
    /// - Parameter addedLines: lines keyed by path, numbered in each file's new version.
    /// - Returns: every finding, ordered by path and line.
    public func scan(_ addedLines: [String: [AddedLine]]) -> [SecretFinding] {
        addedLines.keys.sorted().flatMap { scan(path: $0, lines: addedLines[$0] ?? []) }
    }

    /// Scans the added lines of one file.
    ///
    /// - Parameters:
    ///   - path: the file's path relative to the repository (rules may look at it; allowlists never do).
    ///   - lines: its added lines, in order.
    /// - Returns: the findings, ordered by line, one per rule and line.
    public func scan(path: String, lines: [AddedLine]) -> [SecretFinding] {
        guard !lines.isEmpty else { return [] }
        var findings: [SecretFinding] = []
        var seen: Set<SecretFinding> = []
        func add(_ finding: SecretFinding) {
            if seen.insert(finding).inserted { findings.append(finding) }
        }
        for rule in ruleSet.rules where rule.pattern == nil {
            if let pathPattern = rule.path, pathPattern.matches(path) {
                add(SecretFinding(ruleID: rule.id, path: path, line: lines[0].number))
            }
        }
        for block in Self.blocks(of: lines) {
            let text = block.map(\.text).joined(separator: "\n")
            for match in matches(in: text, path: path) {
                add(SecretFinding(ruleID: ruleSet.rules[match.rule].id, path: path, line: block[match.lineIndex].number))
            }
        }
        return findings.sorted { ($0.line, $0.ruleID) < ($1.line, $1.ruleID) }
    }

    /// `text` with every secret the rules find replaced by `<redacted:rule-id>`; for logs that may
    /// carry what the model wrote.
    ///
    /// - Parameter text: the text, e.g. one line of codex's event stream.
    /// - Returns: the text without the secrets.
    public func redact(_ text: String) -> String {
        let found = matches(in: text, path: "")
        guard !found.isEmpty else { return text }
        let string = NSMutableString(string: text)
        // Right to left, so earlier ranges stay valid; overlapping matches are skipped.
        var limit = string.length
        for match in found.sorted(by: { $0.secretRange.location > $1.secretRange.location }) {
            guard NSMaxRange(match.secretRange) <= limit else { continue }
            string.replaceCharacters(in: match.secretRange, with: "<redacted:\(ruleSet.rules[match.rule].id)>")
            limit = match.secretRange.location
        }
        return string as String
    }

    /// Where the rules find secrets in `text` (any path): the ranges ``redact(_:)`` would replace, for Warden's output
    /// filter.
    public func secretRanges(in text: String) -> [Range<String.Index>] {
        matches(in: text, path: "").compactMap { Range($0.secretRange, in: text) }
    }

    // MARK: Matching

    /// One accepted match.
    struct Match {
        /// The rule's index.
        var rule: Int
        /// Where the secret is, in UTF-16 units of the text.
        var secretRange: NSRange
        /// The index of the line of the text where the match starts.
        var lineIndex: Int
    }

    /// Every match in `text` that survives entropy and allowlists.
    func matches(in text: String, path: String) -> [Match] {
        let found = matcher.occurrences(in: text.utf8)
        var candidates = Set(unconditionalRules)
        for (keyword, present) in found.enumerated() where present {
            candidates.formUnion(rulesOfKeyword[keyword])
        }
        guard !candidates.isEmpty else { return [] }
        let string = text as NSString
        let lineStarts = Self.lineStarts(of: text)
        var accepted: [Match] = []
        for index in candidates.sorted() {
            let rule = ruleSet.rules[index]
            guard let pattern = rule.pattern else { continue }
            if let pathPattern = rule.path, !pathPattern.matches(path) { continue }
            let found = pattern.regex.matches(in: text, range: NSRange(location: 0, length: string.length))
            for result in found {
                var groups: [String?] = []
                for group in 0..<result.numberOfRanges {
                    let range = result.range(at: group)
                    groups.append(range.location == NSNotFound ? nil : string.substring(with: range))
                }
                guard let secret = rule.secret(of: groups) else { continue }
                let trimmed = secret.trimmingCharacters(in: .newlines)
                guard !trimmed.isEmpty, rule.hasEnoughEntropy(trimmed) else { continue }
                let lineIndex = Self.line(containing: result.range.location, lineStarts: lineStarts)
                let lineRange = Self.range(ofLine: lineIndex, lineStarts: lineStarts, length: string.length)
                let match = string.substring(with: result.range)
                let line = string.substring(with: lineRange)
                let allowed =
                    ruleSet.allowlists.contains { $0.allows(secret: trimmed, match: match, line: line) }
                    || rule.allowlists.contains { $0.allows(secret: trimmed, match: match, line: line) }
                guard !allowed else { continue }
                accepted.append(Match(rule: index, secretRange: Self.secretRange(of: result, rule: rule, groups: groups), lineIndex: lineIndex))
            }
        }
        return accepted
    }

    /// The range of the group the secret came from.
    private static func secretRange(of result: NSTextCheckingResult, rule: SecretRule, groups: [String?]) -> NSRange {
        guard groups.count > 1 else { return result.range }
        if rule.secretGroup > 0, rule.secretGroup < groups.count {
            return result.range(at: rule.secretGroup)
        }
        for group in 1..<groups.count where !(groups[group] ?? "").isEmpty {
            return result.range(at: group)
        }
        return result.range
    }

    /// Runs of consecutively numbered lines.
    static func blocks(of lines: [AddedLine]) -> [ArraySlice<AddedLine>] {
        var blocks: [ArraySlice<AddedLine>] = []
        var start = lines.startIndex
        for index in lines.indices.dropFirst() where lines[index].number != lines[index - 1].number + 1 {
            blocks.append(lines[start..<index])
            start = index
        }
        blocks.append(lines[start..<lines.endIndex])
        return blocks
    }

    /// The UTF-16 offsets (NSString's units) at which the lines of `text` start.
    private static func lineStarts(of text: String) -> [Int] {
        var starts = [0]
        for (offset, unit) in text.utf16.enumerated() where unit == 0x0A {
            starts.append(offset + 1)
        }
        return starts
    }

    private static func line(containing offset: Int, lineStarts: [Int]) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    private static func range(ofLine index: Int, lineStarts: [Int], length: Int) -> NSRange {
        let start = lineStarts[index]
        let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : length
        return NSRange(location: start, length: max(0, end - start))
    }
}
