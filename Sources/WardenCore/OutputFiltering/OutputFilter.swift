import Foundation

/// The last check on every text Warden posts or returns (review notes, replies, merge request bodies, issue comments,
/// gateway answers): each secret Warden knows and each match of the secret rules is replaced by `[redacted]`.
///
/// A prompt-injected model can be made to read a credential (Codex's `auth.json`, an environment variable) and put it
/// into its answer; this filter keeps such an answer from leaving. Secrets are matched as exact strings (Warden's own
/// credentials, the values of `codex.pass_env` variables, the tokens in `CODEX_HOME/auth.json`), patterns through
/// an injected matcher (gitleaks' rules, composed by the executable).
public struct OutputFilter: Sendable {
    /// What a secret becomes.
    public static let replacement = "[redacted]"
    /// The Prometheus counter of redacted secrets, labelled by `surface` (`review`, `gateway`): one name and help text
    /// for every module that counts them, since they share a registry in `serve --with-gateway`.
    public static let metricName = (namespace: "warden", subsystem: "output", name: "redactions", unit: "total")
    /// The counter's help text.
    public static let metricHelp = "Secrets replaced by [redacted] in text Warden posted or returned, by surface."
    /// Known secrets shorter than this are not matched: they would redact ordinary words.
    public static let minimumSecretLength = 8
    /// The hold-back window of ``StreamingRedactor`` when no known secret is longer: long enough for the patterns'
    /// usual tokens (API keys, JWT segments).
    public static let minimumWindow = 256

    private let fixedSecrets: [String]
    private let changingSecrets: @Sendable () -> [String]
    private let patternMatches: @Sendable (String) -> [Range<String.Index>]
    private var report: @Sendable (Int) -> Void

    /// A filter.
    ///
    /// - Parameters:
    ///   - knownSecrets: exact secrets; empty ones and those shorter than ``minimumSecretLength`` are ignored.
    ///   - changingSecrets: exact secrets that change while Warden runs (the tokens codex refreshes in
    ///     `auth.json`, ``CodexAuthFile``), asked for on every use; none by default.
    ///   - patternMatches: the ranges of pattern secrets in a text (gitleaks' rules); none by default.
    ///   - report: told how many secrets a text had, when it had any (for the log line and the metric).
    public init(
        knownSecrets: [String],
        changingSecrets: @escaping @Sendable () -> [String] = { [] },
        patternMatches: @escaping @Sendable (String) -> [Range<String.Index>] = { _ in [] },
        report: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.fixedSecrets = knownSecrets
        self.changingSecrets = changingSecrets
        self.patternMatches = patternMatches
        self.report = report
    }

    /// The exact secrets now: usable ones, each once, longest first (so a secret that contains another is replaced
    /// whole).
    private var knownSecrets: [String] {
        Set((fixedSecrets + changingSecrets()).filter { $0.count >= Self.minimumSecretLength }).sorted { $0.count > $1.count }
    }

    /// How many trailing characters a stream must hold back so no secret can leave in two pieces.
    public var window: Int {
        max(Self.minimumWindow, knownSecrets.first?.count ?? 0)
    }

    /// The same filter, telling `report` (a surface's log line and metric) how many secrets a text had.
    public func reporting(to report: @escaping @Sendable (Int) -> Void) -> OutputFilter {
        var copy = self
        copy.report = report
        return copy
    }

    /// A filter that lets everything through, for tests and tools that post nothing.
    public static let none = OutputFilter(knownSecrets: [])

    /// `text` with every secret replaced by ``replacement``; reports the count when it is not zero.
    public func redact(_ text: String) -> String {
        let ranges = secretRanges(in: text)
        guard !ranges.isEmpty else { return text }
        report(ranges.count)
        return Self.replacing(ranges, in: text)
    }

    /// The ranges of every secret in `text`, sorted and merged where they overlap.
    public func secretRanges(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        for secret in knownSecrets {
            ranges += Self.occurrences(of: secret, in: text)
        }
        ranges += patternMatches(text)
        return Self.merged(ranges)
    }

    /// Characters Markdown escaping puts into a text without changing what a reader sees: a backslash before a
    /// punctuation character, and the WORD JOINER Warden puts after `@` and before a line's `/`.
    private static let invisibleInsertions: Set<Character> = ["\\", "\u{2060}"]

    /// Every occurrence of `secret` in `text`, also where escaping put backslashes or word joiners between its
    /// characters (`rt\_token` still shows `rt_token` to a reader).
    static func occurrences(of secret: String, in text: String) -> [Range<String.Index>] {
        guard let first = secret.first else { return [] }
        var found: [Range<String.Index>] = []
        var start = text.startIndex
        while let candidate = text[start...].firstIndex(of: first) {
            if let end = matchEnd(of: secret, in: text, from: candidate) {
                found.append(candidate..<end)
                start = end
            } else {
                start = text.index(after: candidate)
            }
        }
        return found
    }

    /// Where `secret` ends when it starts at `start`, skipping invisible insertions between its characters.
    private static func matchEnd(of secret: String, in text: String, from start: String.Index) -> String.Index? {
        var position = start
        var expected = secret.startIndex
        while expected < secret.endIndex {
            guard position < text.endIndex else { return nil }
            let character = text[position]
            if character == secret[expected] {
                expected = secret.index(after: expected)
            } else if position == start || !invisibleInsertions.contains(character) {
                return nil
            }
            position = text.index(after: position)
        }
        return position
    }

    /// Overlapping or touching ranges joined, in order.
    static func merged(_ ranges: [Range<String.Index>]) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, range.lowerBound <= last.upperBound {
                result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                result.append(range)
            }
        }
        return result
    }

    /// `text` up to `end` (all of it by default), with each of the sorted, disjoint `ranges` (which end by `end`)
    /// replaced.
    static func replacing(_ ranges: [Range<String.Index>], in text: String, upTo end: String.Index? = nil) -> String {
        let end = end ?? text.endIndex
        var result = ""
        var position = text.startIndex
        for range in ranges {
            result += text[position..<range.lowerBound]
            result += replacement
            position = range.upperBound
        }
        result += text[position..<end]
        return result
    }

    /// Reports a count found by a ``StreamingRedactor``.
    func reportStreamed(_ count: Int) {
        if count > 0 { report(count) }
    }
}
