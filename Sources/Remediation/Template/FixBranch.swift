import Foundation

/// Branch names for fixes: `fix/<finding id>`, with the id reduced to what a git ref name and a
/// GitLab branch accept.
public enum FixBranch {
    /// The prefix of every fix branch.
    public static let prefix = "fix/"

    /// The longest sanitised id kept; git allows more, but people read these names.
    public static let maximumIDLength = 100

    /// The branch for a finding.
    ///
    /// Letters, digits, `.`, `_` and `-` are kept (ASCII only); every other run of characters
    /// becomes one `-`. Leading and trailing `-` and `.` are dropped, `..` becomes `.`, a trailing
    /// `.lock` loses its dot, and the result is cut to ``maximumIDLength`` characters. So
    /// `CVE-2024-1234`, `GHSA-abcd-efgh`, `SNYK:npm/lodash@4` and `../../etc` all give safe names.
    ///
    /// - Parameter findingID: the finding's id as the source gave it.
    /// - Returns: `fix/<sanitised id>`.
    /// - Throws: ``RemediationError/invalidFindingID(_:)`` when nothing usable is left.
    public static func name(for findingID: String) throws(RemediationError) -> String {
        "\(prefix)\(try sanitised(findingID))"
    }

    /// The id part of ``name(for:)``.
    public static func sanitised(_ findingID: String) throws(RemediationError) -> String {
        var result = ""
        var pendingDash = false
        for scalar in findingID.unicodeScalars {
            let keep = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
            if keep {
                if pendingDash && !result.isEmpty { result += "-" }
                pendingDash = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        while result.contains("..") { result = result.replacingOccurrences(of: "..", with: ".") }
        result = String(result.prefix(maximumIDLength))
        result = trimmed(result)
        if result.lowercased().hasSuffix(".lock") {
            result = String(result.dropLast(5)) + "-lock"
        }
        result = trimmed(result)
        guard !result.isEmpty else { throw .invalidFindingID(findingID) }
        return result
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let first = text.first, first == "-" || first == "." { text = text.dropFirst() }
        while let last = text.last, last == "-" || last == "." { text = text.dropLast() }
        return String(text)
    }
}
