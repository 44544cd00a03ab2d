public import WardenCore

/// Names a project on the forge: by its numeric id or by its full path (`group/subgroup/project`).
///
/// GitLab accepts either in `/projects/:id/…`; a path must be URL-encoded as one segment
/// (`group%2Fproject`), which ``pathSegment`` does.
public enum ProjectRef: Sendable, Hashable, CustomStringConvertible {
    /// The project's numeric id.
    case id(ProjectID)
    /// The project's full path with its namespace, e.g. `platform/warden`.
    case path(String)

    /// The reference as one URL path segment: the id, or the path with every reserved character percent-encoded.
    public var pathSegment: String {
        switch self {
        case .id(let id): return String(id)
        case .path(let path): return Self.percentEncoded(path)
        }
    }

    /// The reference as written by a person: the id or the plain path.
    public var description: String {
        switch self {
        case .id(let id): return String(id)
        case .path(let path): return path
        }
    }

    /// Encodes everything but RFC 3986 unreserved characters, so `/` becomes `%2F` and the path stays one segment.
    static func percentEncoded(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += byte < 16 ? "%0\(hex)" : "%\(hex)"
            }
        }
        return encoded
    }
}
