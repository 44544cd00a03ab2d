import Codex
import Foundation
import Subprocess
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension TestSandbox {
    /// Finds `bwrap` in `searchPath` and checks that it can create a sandbox (`bwrap --ro-bind / / true`): installed is
    /// not enough where the platform refuses user namespaces.
    ///
    /// - Parameters:
    ///   - searchPath: the directories `bwrap` is looked for in.
    ///   - timeout: how long the probe may take.
    /// - Returns: ``bubblewrap(executable:)`` or ``unavailable(reason:)``.
    public static func probe(searchPath: String, timeout: Duration = .seconds(10)) async -> TestSandbox {
        guard let executable = locate("bwrap", in: searchPath) else {
            return .unavailable(reason: "bwrap (Debian package bubblewrap) is not installed")
        }
        let verdict = await withTaskGroup(of: TestSandbox?.self) { tasks in
            tasks.addTask { await run(probeOf: executable) }
            tasks.addTask {
                // Cancelled when the probe finishes first; either way the probe's verdict, if any, is the answer.
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await tasks.next() ?? nil
            // Cancelling the probe makes swift-subprocess stop its process group.
            tasks.cancelAll()
            return first
        }
        return verdict ?? .unavailable(reason: "\(executable) did not create a sandbox within \(timeout)")
    }

    private static func run(probeOf executable: String) async -> TestSandbox {
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)),
                arguments: ["--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "true"],
                environment: .custom(["PATH": "/usr/bin:/bin"]),
                platformOptions: ProcessGroup.platformOptions(gracePeriod: .milliseconds(200)),
                input: .none,
                output: .discarded,
                error: .bytes(limit: 4096)
            )
            if case .exited(0) = result.terminationStatus { return .bubblewrap(executable: executable) }
            let message = String(decoding: result.standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .unavailable(reason: "\(executable) cannot create a sandbox here: \(message.isEmpty ? "\(result.terminationStatus)" : message)")
        } catch {
            return .unavailable(reason: "\(executable) cannot be started: \(error)")
        }
    }

    private static func locate(_ name: String, in path: String) -> String? {
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = directory + "/" + name
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }
}
