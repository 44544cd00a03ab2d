/// An issue, as the remediation runner reads findings from it.
public struct Issue: Sendable, Hashable {
    /// The number inside its project (`#7` has iid 7).
    public var iid: Int
    /// The title.
    public var title: String
    /// The description; empty when there is none.
    public var description: String
    /// The labels, as the forge lists them.
    public var labels: [String]
    /// The page people open in a browser.
    public var webURL: String

    /// Creates an issue value.
    public init(iid: Int, title: String, description: String, labels: [String], webURL: String) {
        self.iid = iid
        self.title = title
        self.description = description
        self.labels = labels
        self.webURL = webURL
    }
}
