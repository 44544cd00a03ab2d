import Foundation

/// Reads GitHub's `Link` header, which names the next page of a list (RFC 8288).
///
/// GitHub writes `<https://api.github.com/…&page=2>; rel="next", <…&page=5>; rel="last"`; the order of the
/// entries, the spacing and the quoting of `rel` vary between endpoints and Enterprise Server versions.
public enum GitHubLinkHeader {
    /// The URL of the link with relation `relation` (`next`, `last`, …), or `nil` when the header names none.
    ///
    /// - Parameters:
    ///   - relation: the relation, compared without case; a `rel` listing several relations matches each.
    ///   - header: the header's value, or `nil` when it was not sent.
    public static func url(for relation: String, in header: String?) -> String? {
        guard let header else { return nil }
        let wanted = relation.lowercased()
        for entry in entries(of: header) {
            guard let open = entry.firstIndex(of: "<"), let close = entry[open...].firstIndex(of: ">") else { continue }
            let target = String(entry[entry.index(after: open)..<close])
            let parameters = entry[entry.index(after: close)...].split(separator: ";")
            for parameter in parameters {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "rel" else { continue }
                let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if value.lowercased().split(separator: " ").contains(where: { $0 == wanted }), !target.isEmpty {
                    return target
                }
            }
        }
        return nil
    }

    /// The header's comma-separated entries; a comma inside `<…>` belongs to the URL.
    private static func entries(of header: String) -> [Substring] {
        var entries: [Substring] = []
        var start = header.startIndex
        var insideURL = false
        var index = header.startIndex
        while index < header.endIndex {
            switch header[index] {
            case "<": insideURL = true
            case ">": insideURL = false
            case "," where !insideURL:
                entries.append(header[start..<index])
                start = header.index(after: index)
            default: break
            }
            index = header.index(after: index)
        }
        entries.append(header[start...])
        return entries
    }
}
