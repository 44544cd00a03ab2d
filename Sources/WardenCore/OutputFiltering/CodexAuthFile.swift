import Foundation
import Synchronization

/// Codex's `CODEX_HOME/auth.json`, whose tokens codex refreshes while Warden runs (a ChatGPT plan's access and refresh
/// tokens rotate): ``values()`` gives the tokens it holds now, reading the file again only when its modification time
/// or size changed, so the output filter always knows the current ones.
public final class CodexAuthFile: Sendable {
    /// What tells one version of the file from the next: `nil` when there is no file.
    private struct Stamp: Equatable, Sendable {
        var modified: Date?
        var size: UInt64?
        var inode: UInt64?
    }

    private struct State: Sendable {
        var stamp: Stamp?
        var values: [String] = []
    }

    private let path: String
    private let state = Mutex(State())

    /// The file at `path`; it need not exist yet.
    public init(path: String) {
        self.path = path
    }

    /// The credentials in the file now (``CodexAuthSecrets/values(inJSON:)``); none when it cannot be read.
    public func values() -> [String] {
        let stamp = (try? FileManager.default.attributesOfItem(atPath: path)).map { attributes in
            Stamp(
                modified: attributes[.modificationDate] as? Date,
                size: (attributes[.size] as? NSNumber)?.uint64Value,
                inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
            )
        }
        let path = self.path
        return state.withLock { state in
            if state.stamp != stamp || stamp == nil {
                state.values = stamp == nil ? [] : CodexAuthSecrets.values(atPath: path)
                state.stamp = stamp
            }
            return state.values
        }
    }
}
