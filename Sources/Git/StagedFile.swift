/// A file whose staged version differs from `HEAD`'s: what the next commit will store at a path.
public struct StagedFile: Sendable, Hashable {
    /// What the index records at the path.
    public enum Kind: Sendable, Hashable {
        /// A regular file (executable or not); its blob is the content git stores, after `.gitattributes` filters and
        /// `working-tree-encoding`.
        case regular
        /// A symbolic link; its blob is the link's target.
        case symbolicLink
        /// A submodule (gitlink); the "blob" is a commit id and no content is stored.
        case submodule
    }

    /// The path, relative to the repository.
    public let path: String
    /// What the index records.
    public let kind: Kind
    /// The object id `HEAD` has at the path, or `nil` when the path is new there.
    public let previousObject: String?
    /// The object id the index has at the path.
    public let object: String

    /// Creates a staged file.
    public init(path: String, kind: Kind, previousObject: String?, object: String) {
        self.path = path
        self.kind = kind
        self.previousObject = previousObject
        self.object = object
    }
}
