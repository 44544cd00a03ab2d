import Glibc

/// Resolves a requested working directory and checks that it lies under the workspace root.
///
/// Both paths are resolved with `realpath(3)`, so `..` components and symbolic links are followed before the
/// comparison: a link inside the workspace that points outside it is refused like a plain outside path.
public enum WorkspacePath {
    /// The resolved directory for `requested`.
    /// - Parameters:
    ///   - requested: The absolute path the shim sent.
    ///   - root: The workspace root.
    /// - Returns: The canonical path of the directory, which is `root` itself or below it.
    /// - Throws: ``ExecSidecarError`` when the path is relative, does not exist, is not a directory, or lies
    ///   outside the root.
    public static func resolve(_ requested: String, under root: String) throws(ExecSidecarError) -> String {
        guard requested.hasPrefix("/") else {
            throw .workingDirectoryRefused(path: requested, reason: "it is not an absolute path")
        }
        guard let canonicalRoot = canonical(root) else {
            throw .workingDirectoryRefused(path: requested, reason: "the workspace root \(root) does not exist")
        }
        guard let resolved = canonical(requested) else {
            throw .workingDirectoryRefused(path: requested, reason: "it does not exist")
        }
        let inside = resolved == canonicalRoot || resolved.hasPrefix(canonicalRoot == "/" ? "/" : canonicalRoot + "/")
        guard inside else {
            throw .workingDirectoryRefused(path: requested, reason: "it is outside the workspace \(canonicalRoot)")
        }
        var status = stat()
        guard stat(resolved, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .workingDirectoryRefused(path: requested, reason: "it is not a directory")
        }
        return resolved
    }

    private static func canonical(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
