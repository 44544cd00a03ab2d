public import Foundation

/// The credentials in Codex's `CODEX_HOME/auth.json` (an API key, or a ChatGPT plan's access, refresh and id
/// tokens), which the model can read through its shell and must never be able to post.
public enum CodexAuthSecrets {
    /// Strings shorter than this in `auth.json` are not credentials (`auth_mode`, dates, plan names).
    static let minimumLength = 16

    /// Every string value of at least ``minimumLength`` characters anywhere in the JSON document; none when it is
    /// not JSON.
    public static func values(inJSON data: Data) -> [String] {
        guard let document = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return [] }
        var found: [String] = []
        collect(document, into: &found)
        return found
    }

    /// The credentials in the file at `path`; none when it cannot be read.
    public static func values(atPath path: String) -> [String] {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return [] }
        return values(inJSON: data)
    }

    private static func collect(_ value: Any, into found: inout [String]) {
        switch value {
        case let text as String where text.count >= minimumLength:
            found.append(text)
        case let object as [String: Any]:
            for child in object.values { collect(child, into: &found) }
        case let array as [Any]:
            for child in array { collect(child, into: &found) }
        default:
            break
        }
    }
}
