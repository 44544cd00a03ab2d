/// One `@@ -a,b +c,d @@` block of a unified diff.
public struct DiffHunk: Sendable, Hashable {
    /// The first old line the hunk covers (`a`).
    public var oldStart: Int
    /// How many old lines the hunk covers (`b`, 1 when left out).
    public var oldCount: Int
    /// The first new line the hunk covers (`c`).
    public var newStart: Int
    /// How many new lines the hunk covers (`d`, 1 when left out).
    public var newCount: Int
    /// The lines, in order.
    public var lines: [DiffLine]

    /// Creates a hunk.
    public init(oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, lines: [DiffLine]) {
        self.oldStart = oldStart
        self.oldCount = oldCount
        self.newStart = newStart
        self.newCount = newCount
        self.lines = lines
    }
}
