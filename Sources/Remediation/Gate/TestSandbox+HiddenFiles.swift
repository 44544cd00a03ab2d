import Foundation

extension TestSandbox {
    /// The files among `paths` a sandbox can cover: each resolved to its real path (bubblewrap mounts over what a
    /// link points at), kept only when it is an existing regular file.
    ///
    /// - Parameter paths: Warden's configuration file and the files its secrets are read from.
    /// - Returns: the real paths, without duplicates, in the order given.
    public static func hideableFiles(_ paths: [String]) -> [String] {
        var result: [String] = []
        for path in paths {
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), !isDirectory.boolValue, !result.contains(real) else { continue }
            result.append(real)
        }
        return result
    }
}
