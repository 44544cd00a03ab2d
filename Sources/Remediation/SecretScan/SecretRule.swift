import Foundation

/// One gitleaks rule: a keyword prefilter, a regular expression, an optional entropy minimum and
/// allowlists.
public struct SecretRule: Sendable {
    /// The rule's id (`gitlab-pat`, `private-key`), named in reports.
    public let id: String
    /// What a match means, as gitleaks describes it.
    public let summary: String
    /// Lower-case words of which at least one must occur (case-insensitively) before the regex runs;
    /// empty for a rule that always runs.
    public let keywords: [String]
    /// The minimum Shannon entropy (bits per character) of the secret, if the rule has one.
    public let entropy: Double?
    /// The regular expression, or `nil` for a rule that matches file paths only.
    let pattern: SecretPattern?
    /// Files the rule applies to, or `nil` for every file.
    let path: SecretPattern?
    /// The capture group holding the secret; 0 means the first non-empty group, or the whole match.
    let secretGroup: Int
    /// The rule's own allowlists.
    let allowlists: [SecretAllowlist]

    /// The secret of one regex match: the configured group, else the first non-empty group, else the
    /// whole match, as gitleaks picks it.
    func secret(of groups: [String?]) -> String? {
        guard let whole = groups.first ?? nil else { return nil }
        guard groups.count > 1 else { return whole }
        if secretGroup > 0 {
            guard secretGroup < groups.count else { return nil }
            return groups[secretGroup] ?? ""
        }
        for case let group? in groups.dropFirst() where !group.isEmpty {
            return group
        }
        return whole
    }

    /// Whether a secret passes the entropy check; gitleaks also requires a digit in the secrets of
    /// `generic-*` rules, which keeps words such as `PasswordRequired` out.
    func hasEnoughEntropy(_ secret: String) -> Bool {
        guard let entropy else { return true }
        guard Self.shannonEntropy(secret) > entropy else { return false }
        if id.hasPrefix("generic") {
            return secret.contains { $0.isASCII && $0.isNumber }
        }
        return true
    }

    /// The Shannon entropy of `text` in bits per character (0 for an empty text).
    public static func shannonEntropy(_ text: String) -> Double {
        var counts: [Character: Int] = [:]
        var total = 0
        for character in text {
            counts[character, default: 0] += 1
            total += 1
        }
        guard total > 0 else { return 0 }
        let length = Double(total)
        return counts.values.reduce(0) { sum, count in
            let probability = Double(count) / length
            return sum - probability * log2(probability)
        }
    }
}
