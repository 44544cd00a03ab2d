import Forge

/// Puts text Warden does not control (model output, merge request titles, paths) into GitLab Markdown so it
/// cannot break out of its place.
///
/// The dangers it handles: an unclosed code fence or `<!--` swallowing the rest of a note (and its marker); a
/// raw HTML block hiding text; a line starting with `/` that GitLab would run as a quick action (`/merge`,
/// `/approve`) with the bot's rights; `@user` or `@all` mentions notifying people on the model's say-so; and,
/// in prompts, untrusted text closing the fence it was put in.
public enum SafeMarkdown {
    /// The mention breaker: an invisible WORD JOINER after `@`, so `@all` still reads as `@all` but is no mention.
    static let mentionBreak = "\u{2060}"

    /// One line of plain text, to put after other text on a line (a title in a heading or list item).
    ///
    /// Line breaks become spaces, every character that could start Markdown or HTML is escaped with a backslash, so
    /// the text renders literally, and a leading `/` is escaped so the text is no quick action even at a line start.
    ///
    /// - Parameter text: untrusted text.
    /// - Returns: the escaped text, on one line.
    public static func inline(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for character in text.trimmed() {
            if character.isNewline || character.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            if inlineSpecials.contains(character) { result.append("\\") }
            result.append(character)
            if character == "@" { result.append(mentionBreak) }
        }
        // Even where a caller puts it at the start of a line, it must not read as a quick action.
        return result.hasPrefix("/") ? "\\" + result : result
    }

    /// Characters that start inline markup: emphasis, code, links and images, HTML and entities, tables,
    /// strikethrough, math, and GitLab's `{+ +}` inline diffs.
    private static let inlineSpecials: Set<Character> = [
        "\\", "`", "*", "_", "[", "]", "<", ">", "!", "|", "~", "$", "&", "{", "}",
    ]

    /// A block of model-written Markdown (a finding's body, an answer), kept as Markdown but made harmless.
    ///
    /// Outside code fences: a line starting with `/` is escaped so it is no quick action; a line starting with
    /// `<` is escaped so it opens no HTML block; `<!--` becomes `&lt;!--`; images become links and media tags text;
    /// mentions are broken. A code fence left open is closed at the end, so what follows the block stays outside it.
    /// Text inside fences is left alone (GitLab resolves no mentions there) except that a line starting with `/`
    /// gets ``QuickActionGuard``'s invisible prefix, since GitLab's quick-action extractor ignores most fences.
    ///
    /// - Parameter text: untrusted Markdown.
    /// - Returns: Markdown that ends outside any code fence.
    public static func block(_ text: String) -> String {
        var lines: [String] = []
        var openFence: Fence?
        // "\r\n" is one Character, so it is a separator of its own.
        for substring in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = String(substring)
            if let fence = openFence {
                if fence.isClosed(by: line) { openFence = nil }
                lines.append(line)
                continue
            }
            if let fence = Fence(opening: line) {
                openFence = fence
                lines.append(line)
                continue
            }
            lines.append(neutralized(line))
        }
        if let fence = openFence { lines.append(fence.closingLine) }
        // Markdown's fences are not GitLab's quick-action fences (a `~~~` or indented fence is code to the renderer,
        // not to the extractor), so lines inside fences are guarded too.
        return QuickActionGuard.neutralized(lines.joined(separator: "\n"))
    }

    /// A fenced code block holding `text` verbatim, with a fence longer than any backtick run in it, so the text
    /// cannot close the block.
    ///
    /// - Parameters:
    ///   - text: the content.
    ///   - info: the info string (a language, or a label such as `untrusted`); backticks and line breaks in it are
    ///     dropped.
    /// - Returns: the block, ending with its closing fence (no trailing newline).
    public static func fenced(_ text: String, info: String = "") -> String {
        let fence = String(repeating: "`", count: max(3, longestBacktickRun(in: text) + 1))
        let label = String(info.filter { !$0.isNewline }.unicodeScalars.filter { $0 != "`" })
        let body = text.hasSuffix("\n") || text.isEmpty ? text : text + "\n"
        return "\(fence)\(label)\n\(body)\(fence)"
    }

    /// An inline code span holding `text` literally (a path, a line reference): its delimiter is longer than any
    /// backtick run inside, and line breaks become spaces.
    ///
    /// - Parameter text: the content.
    /// - Returns: the code span.
    public static func codeSpan(_ text: String) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        let delimiter = String(repeating: "`", count: longestBacktickRun(in: flat) + 1)
        let padded =
            flat.hasPrefix("`") || flat.hasSuffix("`") || flat.hasPrefix(" ") && flat.hasSuffix(" ")
            ? " \(flat) " : flat
        return "\(delimiter)\(padded)\(delimiter)"
    }

    /// The length of the longest run of backticks in `text`, counted in Unicode scalars as Markdown counts them (a
    /// backtick carrying a combining mark is one `Character` that is not `` ` ``, yet still a backtick).
    static func longestBacktickRun(in text: String) -> Int {
        var longest = 0
        var current = 0
        for scalar in text.unicodeScalars {
            current = scalar == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }

    /// HTML tags that make a reader's browser load something from wherever the tag says.
    private static let loadingTags = ["img", "image", "video", "audio", "source", "picture", "iframe", "object", "embed", "link", "style"]

    /// One line outside any fence, made harmless.
    private static func neutralized(_ line: String) -> String {
        var text = line.replacing("<!--", with: "&lt;!--")
        text = linkingImages(in: text)
        text = breakingMentions(in: text)
        let indent = text.prefix { $0 == " " || $0 == "\t" }
        let rest = text.dropFirst(indent.count)
        if rest.hasPrefix("/") || rest.hasPrefix("<") { text = String(indent) + "\\" + String(rest) }
        return text
    }

    /// Images become plain links and media tags plain text, so opening the merge request makes no reader's browser
    /// fetch a URL the model chose (a tracking pixel carrying data in its query).
    private static func linkingImages(in text: String) -> String {
        let characters = Array(text.replacing("![", with: "\\!["))
        var result = ""
        var index = 0
        while index < characters.count {
            if characters[index] == "<", opensLoadingTag(characters[(index + 1)...]) {
                result += "&lt;"
            } else {
                result.append(characters[index])
            }
            index += 1
        }
        return result
    }

    /// Whether `rest` (what follows a `<`) starts with one of ``loadingTags`` and then a space, `/`, `>` or the end.
    private static func opensLoadingTag(_ rest: ArraySlice<Character>) -> Bool {
        let name = rest.prefix { $0.isASCII && $0.isLetter }
        guard loadingTags.contains(String(name).lowercased()) else { return false }
        guard let next = rest.dropFirst(name.count).first else { return true }
        return next.isWhitespace || next == "/" || next == ">"
    }

    /// Puts the mention breaker after every `@` that GitLab would read as a mention: one not preceded by an ASCII
    /// letter, digit or `_` (GitLab's `(?<!\w)` is ASCII-only, so `é@all` is a mention there).
    private static func breakingMentions(in text: String) -> String {
        var result = ""
        var previous: Character?
        for character in text {
            result.append(character)
            if character == "@", !(previous.map(isASCIIWordCharacter) ?? false) {
                result.append(mentionBreak)
            }
            previous = character
        }
        return result
    }

    /// Whether `character` is one of Ruby's (ASCII) `\w`: a letter, digit or `_`.
    private static func isASCIIWordCharacter(_ character: Character) -> Bool {
        character == "_" || (character.isASCII && (character.isLetter || character.isNumber))
    }

    /// A CommonMark code fence: up to three spaces, then three or more backticks or tildes.
    private struct Fence {
        let character: Character
        let length: Int

        init?(opening line: String) {
            let indent = line.prefix { $0 == " " }
            guard indent.count <= 3, let first = line.dropFirst(indent.count).first,
                first == "`" || first == "~"
            else { return nil }
            let rest = line.dropFirst(indent.count)
            let run = rest.prefix { $0 == first }
            guard run.count >= 3 else { return nil }
            // A backtick fence's info string may not contain backticks; such a line is inline code, not a fence.
            if first == "`", rest.dropFirst(run.count).contains("`") { return nil }
            character = first
            length = run.count
        }

        func isClosed(by line: String) -> Bool {
            let indent = line.prefix { $0 == " " }
            guard indent.count <= 3 else { return false }
            let rest = line.dropFirst(indent.count)
            let run = rest.prefix { $0 == character }
            return run.count >= length && rest.dropFirst(run.count).allSatisfy { $0 == " " || $0 == "\t" }
        }

        var closingLine: String { String(repeating: character, count: length) }
    }
}
