import Foundation
import Testing
import WardenTestSupport

/// `warden serve` holds the forge token and the webhook secret: another process of the same user must not read them
/// from `/proc/<serve>/environ` or its memory.
@Suite("warden serve hardening")
struct ServeHardeningTests {
    @Test("serve is not dumpable: its /proc files belong to root even when it runs as nobody, and it dumps no core")
    func serveIsNotDumpable() async throws {
        let directory = try TestDataDirectory()
        defer { directory.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", try BuiltProducts.path("warden"), "serve"]
        process.environment = [
            "PATH": "/usr/bin:/bin", "HOME": directory.path, "WARDEN_DATA_DIR": directory.path, "WARDEN_LISTEN": "127.0.0.1:0",
            "WARDEN_GITLAB_WEBHOOK_SECRET": "canary-webhook-secret-0b7d", "WARDEN_LOG_FORMAT": "text",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let pid = process.processIdentifier
        // setpriv execs warden in the same process; wait until serve is up (its data directory has the store).
        var owner: Int?
        for _ in 0..<200 {
            try await Task.sleep(for: .milliseconds(25))
            guard process.isRunning else { break }
            let attributes = try? FileManager.default.attributesOfItem(atPath: "/proc/\(pid)/environ")
            let cmdline = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
            if cmdline.contains("serve"), FileManager.default.fileExists(atPath: directory.path + "/warden.sqlite") {
                owner = attributes?[.ownerAccountID] as? Int
                break
            }
        }
        #expect(process.isRunning)
        #expect(owner == 0, "/proc/\(pid)/environ belongs to uid \(owner.map(String.init) ?? "?"), so uid 65534 can read it")
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        #expect(core?.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2).allSatisfy { $0 == "0" } == true, "\(core ?? "")")
    }
}
