public import Foundation

/// The kept inputs of a fuzz target: files under `Tests/FuzzCorpus/<target>/`, replayed in every run and used as the
/// real-world material that generators mutate. Add a file there for every input a campaign found to fail.
public enum FuzzCorpus {
    /// The corpus directory of every target.
    public static var directory: URL { RepositoryRoot.url.appendingPathComponent("Tests/FuzzCorpus") }

    /// The inputs kept for `target`, by file name, in name order.
    /// - Throws: ``TestSupportError`` when the directory cannot be read.
    public static func entries(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = directory.appendingPathComponent(target)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw TestSupportError.fileSystem(path: folder.path, reason: "\(error)")
        }
        return try names.map { name in
            let path = folder.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw TestSupportError.fileSystem(path: path, reason: "fuzz corpus file unreadable")
            }
            return (name, Array(data))
        }
    }
}
