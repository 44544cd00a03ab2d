import Foundation

/// Parses `application/x-www-form-urlencoded` bodies, the dashboard's form posts.
enum FormBody {
    /// The fields of `body`; `+` is a space, `%XX` a byte; a repeated field keeps its first value; a field that does
    /// not decode is dropped.
    static func fields(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else { continue }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
