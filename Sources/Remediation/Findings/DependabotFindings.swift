public import Forge
import Foundation

/// Turns open Dependabot alerts into findings: no I/O, so the mapping is tested as a table.
///
/// The id is the advisory's `GHSA-…`, else its `CVE-…`, else `dependabot-<alert number>`; alerts of one advisory in
/// several manifests become one finding (one fix, one branch) that names every alert. The template variables
/// `PACKAGE`, `ECOSYSTEM`, `MANIFEST`, `VULNERABLE_RANGE`, `FIXED_VERSION`, `SEVERITY` and `ADVISORY_URL` are set.
public enum DependabotFindings {
    /// The longest advisory description carried into a finding's details.
    static let maximumDescriptionLength = 4000

    /// `FIXED_VERSION` when the advisory names none.
    static let noFixedVersion = "none published"

    /// The findings of `alerts`, ordered by their first alert's number.
    ///
    /// - Parameters:
    ///   - alerts: the alerts as GitHub listed them; any that are not `open` are left out.
    ///   - severities: the severities to keep; empty keeps all.
    public static func findings(of alerts: [GitHubDependabotAlert], severities: [DependabotSeverity] = []) -> [Finding] {
        let wanted = Set(severities.map(\.rawValue))
        var groups: [String: [GitHubDependabotAlert]] = [:]
        var order: [String] = []
        for alert in alerts.sorted(by: { $0.number < $1.number }) where alert.state == "open" {
            guard wanted.isEmpty || wanted.contains(alert.severity.lowercased()) else { continue }
            let id = findingID(of: alert)
            if groups[id] == nil { order.append(id) }
            groups[id, default: []].append(alert)
        }
        return order.compactMap { id in groups[id].map { finding(id: id, alerts: $0) } }
    }

    /// The finding id of one alert: `GHSA-…`, else `CVE-…`, else `dependabot-<number>`. An id that does not have the
    /// advisory database's form is passed over, so nothing but those forms names a branch.
    public static func findingID(of alert: GitHubDependabotAlert) -> String {
        if let ghsa = alert.ghsaID, matches(ghsa, prefix: "GHSA-") { return ghsa }
        if let cve = alert.cveID, matches(cve, prefix: "CVE-") { return cve }
        return "dependabot-\(alert.number)"
    }

    /// The advisory's page: GitHub's advisory database entry on the alert's own host for a GHSA id, else the first
    /// reference, else the alert's page.
    public static func advisoryURL(of alert: GitHubDependabotAlert) -> String {
        if let ghsa = alert.ghsaID, matches(ghsa, prefix: "GHSA-"), let origin = origin(of: alert.htmlURL) {
            return "\(origin)/advisories/\(ghsa)"
        }
        return alert.references.first { $0.hasPrefix("https://") } ?? alert.htmlURL
    }

    private static func finding(id: String, alerts: [GitHubDependabotAlert]) -> Finding {
        let first = alerts[0]
        let manifests = alerts.map(\.manifestPath).reduce(into: [String]()) { list, path in if !list.contains(path) { list.append(path) } }
        let severity = alerts.compactMap { DependabotSeverity(rawValue: $0.severity.lowercased()) }.max()?.rawValue ?? first.severity
        let advisory = advisoryURL(of: first)
        let fixed = first.fixedVersion.flatMap { $0.isEmpty ? nil : $0 } ?? noFixedVersion
        let summary = first.summary.trimmingCharacters(in: .whitespacesAndNewlines)
        let numbers = alerts.map(\.number)
        var details = "Dependabot alert\(numbers.count > 1 ? "s" : "") " + numbers.map { "#\($0)" }.joined(separator: ", ")
        details += " (severity \(severity)): \(first.packageName) (\(first.ecosystem)) \(first.vulnerableRange) in "
        details += manifests.joined(separator: ", ") + "; first fixed version: \(fixed).\n"
        details += "Advisory: \(advisory)\n"
        if !summary.isEmpty { details += "\n\(summary)\n" }
        let description = first.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if !description.isEmpty { details += "\n" + String(description.prefix(maximumDescriptionLength)) + "\n" }
        return Finding(
            id: id,
            title: summary.isEmpty ? "\(first.packageName) \(first.vulnerableRange)" : summary,
            details: details,
            webURL: first.htmlURL.isEmpty ? advisory : first.htmlURL,
            alertNumbers: numbers,
            variables: [
                "PACKAGE": first.packageName, "ECOSYSTEM": first.ecosystem, "MANIFEST": manifests.joined(separator: ", "),
                "VULNERABLE_RANGE": first.vulnerableRange, "FIXED_VERSION": fixed, "SEVERITY": severity, "ADVISORY_URL": advisory,
            ]
        )
    }

    /// Whether `id` is `prefix` followed by letters, digits and dashes only (`GHSA-abcd-1234-wxyz`, `CVE-2024-1234`).
    private static func matches(_ id: String, prefix: String) -> Bool {
        guard id.uppercased().hasPrefix(prefix), id.count > prefix.count, id.count <= 64 else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
    }

    /// `scheme://host[:port]` of an http(s) URL.
    private static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, scheme == "https" || scheme == "http",
            let host = components.host, !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }
}
