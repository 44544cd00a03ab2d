/// The one list grammar of environment variables: comma-separated items, spaces around items trimmed, empty
/// items dropped.
public enum ListGrammar {
    /// The items of a comma-separated list.
    public static func split(_ text: String) -> [String] {
        text.split(separator: ",").map(trimmed).filter { !$0.isEmpty }
    }

    /// The text without leading and trailing spaces and tabs.
    public static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// Whether `name` can be an environment variable's name (letters, digits and `_`, not starting with a digit).
    public static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_": true
            default: false
            }
        }
    }
}
