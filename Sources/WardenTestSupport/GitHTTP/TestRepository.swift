import Foundation
import Subprocess
import SystemPackage

/// A bare repository under a ``GitHTTPServer``'s root, with commits made to order.
///
/// Commits are written with `git fast-import` straight into the bare repository (no scratch clone
/// to keep in step): each ``commit(on:files:message:parent:)`` adds one commit whose tree is its
/// parent's with the given files replaced.
///
/// ```swift
/// let repository = try await TestRepository.create(in: root, name: "acme/app.git")
/// let base = try await repository.commit(on: "main", files: ["README.md": "hello\n"])
/// let head = try await repository.commit(on: "refs/merge-requests/1/head", files: ["a.txt": "x\n"], parent: base)
/// ```
public struct TestRepository: Sendable {
    /// The server root the repository lives under.
    public let root: String
    /// Its path relative to the root (`acme/app.git`), as ``GitHTTPServer/url(for:)`` takes it.
    public let name: String

    /// The repository's directory.
    public var path: String { root + "/" + name }

    /// Creates an empty bare repository whose default branch is `main`.
    /// - Parameters:
    ///   - root: the server root.
    ///   - name: the path relative to the root, ending in `.git`.
    /// - Throws: ``TestSupportError`` when git fails.
    public static func create(in root: String, name: String = "acme/app.git") async throws -> TestRepository {
        let repository = TestRepository(root: root, name: name)
        do {
            try FileManager.default.createDirectory(atPath: repository.path, withIntermediateDirectories: true)
        } catch {
            throw TestSupportError.fileSystem(path: repository.path, reason: "\(error)")
        }
        _ = try await repository.git(["init", "--quiet", "--bare", "--initial-branch=main", "."])
        return repository
    }

    /// Adds one commit to `ref`.
    ///
    /// - Parameters:
    ///   - ref: a branch name (`main`) or a full ref (`refs/merge-requests/1/head`).
    ///   - files: paths and their new contents; other files stay as in the parent.
    ///   - message: the commit message.
    ///   - parent: the parent commit; the ref's current tip when `nil` (no parent for a new ref).
    /// - Returns: the new commit's id.
    /// - Throws: ``TestSupportError`` when git fails.
    @discardableResult
    public func commit(on ref: String, files: [String: String], message: String = "change", parent: String? = nil) async throws -> String {
        let fullRef = ref.hasPrefix("refs/") ? ref : "refs/heads/" + ref
        var from = parent
        if from == nil { from = try await tip(of: fullRef) }
        var stream = "commit \(fullRef)\n"
        stream += "committer Warden Test <test@example.com> \(Int(Date().timeIntervalSince1970)) +0000\n"
        stream += Self.data(message)
        if let from { stream += "from \(from)\n" }
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
            stream += "M 100644 inline \(path)\n" + Self.data(contents)
        }
        stream += "\n"
        _ = try await git(["fast-import", "--quiet", "--force"], input: Array(stream.utf8))
        guard let sha = try await tip(of: fullRef) else {
            throw TestSupportError.fileSystem(path: path, reason: "fast-import did not create \(fullRef)")
        }
        return sha
    }

    /// Points `ref` at `sha` (creating or moving it).
    public func setRef(_ ref: String, to sha: String) async throws {
        _ = try await git(["update-ref", ref, sha])
    }

    /// The commit `ref` points at, or `nil` when there is no such ref.
    public func tip(of ref: String) async throws -> String? {
        let output = try await git(["rev-parse", "--verify", "--quiet", ref + "^{commit}"], allowFailure: true)
        return output.isEmpty ? nil : output
    }

    /// The contents of `file` at `revision`, or `nil` when it does not exist there.
    public func contents(of file: String, at revision: String) async throws -> String? {
        guard try await tip(of: revision) != nil else { return nil }
        let type = try await git(["cat-file", "-t", "\(revision):\(file)"], allowFailure: true)
        guard type == "blob" else { return nil }
        return try await git(["cat-file", "blob", "\(revision):\(file)"])
    }

    /// Whether the repository holds object `sha` (loose or packed).
    public func hasObject(_ sha: String) async throws -> Bool {
        try await git(["cat-file", "-t", sha], allowFailure: true) != ""
    }

    /// Writes a whole history with `git fast-import` (a benchmark's synthetic repository, thousands of commits at
    /// once), then packs everything into one pack, as a server's repository would be.
    /// - Parameter stream: the fast-import stream; its `commit` commands name the refs they write.
    /// - Throws: ``TestSupportError`` when git fails.
    public func importHistory(_ stream: [UInt8]) async throws {
        _ = try await git(["fast-import", "--quiet"], input: stream)
        _ = try await git(["repack", "-a", "-d", "-q"])
    }

    /// The size of the repository's packs in bytes (`size-pack` of `git count-objects -v`; loose objects excluded).
    /// - Throws: ``TestSupportError`` when git fails.
    public func packedBytes() async throws -> Int {
        let lines = try await git(["count-objects", "-v"]).split(separator: "\n")
        let kibibytes = lines.first { $0.hasPrefix("size-pack: ") }.flatMap { Int($0.dropFirst("size-pack: ".count)) } ?? 0
        return kibibytes * 1024
    }

    /// fast-import's `data` command: the byte count, then the bytes.
    private static func data(_ text: String) -> String {
        "data \(text.utf8.count)\n\(text)\n"
    }

    /// Runs git in the repository with a minimal environment; returns standard output without its final newline.
    private func git(_ arguments: [String], input: [UInt8] = [], allowFailure: Bool = false) async throws -> String {
        let environment: [Environment.Key: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": root,
            "LANG": "C",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
        ]
        let result = try await Subprocess.run(
            .name("git"),
            arguments: Arguments(arguments),
            environment: .custom(environment),
            workingDirectory: FilePath(path),
            input: .array(input),
            output: .string(limit: 64 * 1024 * 1024),
            error: .string(limit: 1024 * 1024)
        )
        var output = result.standardOutput
        if output.hasSuffix("\n") { output.removeLast() }
        guard allowFailure || result.terminationStatus.isSuccess else {
            throw TestSupportError.fileSystem(path: path, reason: "git \(arguments.joined(separator: " ")) failed: \(result.standardError)")
        }
        return result.terminationStatus.isSuccess ? output : ""
    }
}
