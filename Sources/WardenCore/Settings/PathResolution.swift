/// Relative paths in settings are made absolute once, when the configuration is loaded, so that a child process
/// started in another working directory (a worktree, a scratch folder) finds the same file.
public enum PathResolution {
    /// `path` when it is absolute, else `directory/path` with `.` and `..` components folded.
    public static func absolute(_ path: String, in directory: String) -> String {
        let joined = path.hasPrefix("/") ? path : directory + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
