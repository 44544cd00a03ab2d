/// Finds `@username` mentions in a note the way GitLab does.
///
/// A mention starts with `@` not preceded by a letter, digit or `_` (so `foo@bot` is an address, not a mention),
/// and takes the longest run of username characters (letters, digits, `_`, `-`, `.`) after it, minus trailing dots
/// (a username never ends in `.`, so `@bot.` is `@bot` at the end of a sentence). It mentions the bot when that
/// run equals the bot's username, ignoring case: `@warden-bot,` does, `@warden-botx` and `@warden-bot.x` do not.
enum BotMention {
    /// Whether `text` mentions `username`.
    static func mentions(_ username: String, in text: String) -> Bool {
        let wanted = username.lowercased()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "@" else { continue }
            if index > 0, isWordCharacter(scalars[index - 1]) { continue }
            var end = index + 1
            while end < scalars.count, isUsernameCharacter(scalars[end]) { end += 1 }
            var nameEnd = end
            while nameEnd > index + 1, scalars[nameEnd - 1] == "." { nameEnd -= 1 }
            var name = String.UnicodeScalarView()
            name.append(contentsOf: scalars[(index + 1)..<nameEnd])
            if String(name).lowercased() == wanted { return true }
            index = end - 1
        }
        return false
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func isUsernameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
        default: false
        }
    }
}
