import Foundation

/// A Dependabot alert's severity, as GitHub's API spells it, for `github-dependabot:SEVERITY[,SEVERITY…]`.
public enum DependabotSeverity: String, Sendable, Hashable, CaseIterable, Comparable {
    /// `low`
    case low
    /// `medium`
    case medium
    /// `high`
    case high
    /// `critical`
    case critical

    /// Parses a comma-separated list (`high,critical`): names without case, blanks around them ignored, repeats
    /// dropped; the result is ordered from low to critical.
    ///
    /// - Parameter text: the list after `github-dependabot:`.
    /// - Returns: the severities, or `nil` when an entry is empty or not one of GitHub's four (`moderate` is the advisory
    ///   database's word, not the alerts API's, and is refused rather than guessed).
    public static func list(parsing text: String) -> [DependabotSeverity]? {
        var severities: Set<DependabotSeverity> = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let severity = DependabotSeverity(rawValue: entry.trimmingCharacters(in: .whitespaces).lowercased()) else { return nil }
            severities.insert(severity)
        }
        return severities.sorted()
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
