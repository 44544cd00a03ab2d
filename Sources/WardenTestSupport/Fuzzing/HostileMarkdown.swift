/// Pieces a hostile model or merge request would combine into Markdown: every kind of fence, HTML and quote block,
/// indents, carriage returns, backticks, mentions and quick-action commands.
public enum HostileMarkdown {
    /// The pieces.
    public static let fragments = [
        "/approve", "/merge", "/label ~x", "/MERGE", "/assign @bob", "```", "````", "~~~", " ```", "   ~~~", "<div>", "</div>",
        ">>>", "`", "``", "\r", "\r\n", "\n", "\n\n", " ", "\t", "text", "@all", "<!--", "-->", "<details>", "\\", "\u{2060}",
        "![x](https://evil.example/p.png)", "<img src=x>", "> quote", "- item", "#", "é@all",
    ]

    /// A random concatenation of 1 to `maximumCount` fragments.
    public static func text(using generator: inout SeededGenerator, maximumCount: Int = 14) -> String {
        (0..<Int.random(in: 1...maximumCount, using: &generator)).map { _ in fragments.randomElement(using: &generator) ?? "" }.joined()
    }
}
