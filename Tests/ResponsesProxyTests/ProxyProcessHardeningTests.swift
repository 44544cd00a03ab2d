import Foundation
import Glibc
import Testing
import WardenTestSupport

/// The proxy's process hardening, observed from outside while it runs as an unprivileged user (the tests run as
/// root; `setpriv` starts the proxy as nobody, 65534).
@Suite("warden responses-proxy process hardening")
struct ProxyProcessHardeningTests {
    static let key = "sk-hardening-KEY_31415926535897932384"

    @Test("as nobody: environ unreadable by another nobody process, core limit 0, LD_* gone, the key in memory once")
    func hardenedAsNobody() async throws {
        let server = ScriptedModelServer()
        let upstreamPort = try await server.start()
        defer { Task { await server.stop() } }
        let proxy = try await ProxyProcess.start(
            key: Self.key,
            upstreamPort: upstreamPort,
            asNobody: true,
            environment: ["LD_WARDEN_CANARY": "preloaded", "LD_LIBRARY_PATH": "/nonexistent"]
        )
        defer { proxy.stop() }
        let status = try String(contentsOfFile: "/proc/\(proxy.pid)/status", encoding: .utf8)
        #expect(status.contains("Uid:\t65534\t65534\t65534\t65534"))

        // Another process of the same user cannot read the environment (the files are root's when non-dumpable).
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        reader.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "/bin/cat", "/proc/\(proxy.pid)/environ"]
        reader.standardOutput = FileHandle.nullDevice
        reader.standardError = FileHandle.nullDevice
        try reader.run()
        reader.waitUntilExit()
        #expect(reader.terminationStatus != 0)

        let limits = try String(contentsOfFile: "/proc/\(proxy.pid)/limits", encoding: .utf8)
        let coreLine = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") })
        let fields = coreLine.split(separator: " ", omittingEmptySubsequences: true)
        #expect(fields.count >= 6 && fields[4] == "0" && fields[5] == "0", "\(coreLine)")

        let environ = try #require(FileManager.default.contents(atPath: "/proc/\(proxy.pid)/environ"))
        let entries = environ.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        #expect(entries.contains { $0.hasPrefix("PATH=") })
        #expect(!entries.contains { $0.hasPrefix("LD_") })

        let copies = try MemoryScan.occurrences(of: Data(Self.key.utf8), inProcess: proxy.pid)
        #expect(copies == 1)
    }
}

/// Counts a byte pattern in every readable mapping of a process (`/proc/<pid>/maps` + `/proc/<pid>/mem`; needs
/// root for a non-dumpable process).
enum MemoryScan {
    static func occurrences(of pattern: Data, inProcess pid: Int32) throws -> Int {
        let maps = try readProcFile("/proc/\(pid)/maps")
        let memory = open("/proc/\(pid)/mem", O_RDONLY)
        guard memory >= 0 else { throw POSIXError(.EACCES) }
        defer { close(memory) }
        var total = 0
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, fields[1].hasPrefix("r") else { continue }
            if fields.count >= 6, fields[5] == "[vvar]" || fields[5] == "[vsyscall]" || fields[5] == "[vvar_vclock]" { continue }
            let bounds = fields[0].split(separator: "-")
            guard bounds.count == 2, let start = UInt64(bounds[0], radix: 16), let end = UInt64(bounds[1], radix: 16) else { continue }
            total += count(pattern, in: memory, from: start, to: end)
        }
        return total
    }

    /// The whole text of a /proc file (they report size 0, so read until end of file).
    static func readProcFile(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw POSIXError(.EACCES) }
        defer { close(descriptor) }
        var bytes = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func count(_ pattern: Data, in memory: Int32, from start: UInt64, to end: UInt64) -> Int {
        let needle = [UInt8](pattern)
        let chunkSize = 1 << 20
        // Each read starts with the previous read's last needle.count - 1 bytes, so matches across reads count once.
        var window = [UInt8](repeating: 0, count: chunkSize + needle.count)
        var carried = 0
        var found = 0
        var offset = start
        while offset < end {
            let wanted = Int(min(UInt64(chunkSize), end - offset))
            let read = window.withUnsafeMutableBytes { pread(memory, $0.baseAddress! + carried, wanted, off_t(Int64(bitPattern: offset))) }
            guard read > 0 else { break }
            let filled = carried + read
            window.withUnsafeBytes { haystack in
                var position = 0
                while position + needle.count <= filled {
                    if haystack[position] == needle[0], memcmp(haystack.baseAddress! + position, needle, needle.count) == 0 {
                        found += 1
                        position += needle.count
                    } else {
                        position += 1
                    }
                }
            }
            carried = min(needle.count - 1, filled)
            for index in 0..<carried { window[index] = window[filled - carried + index] }
            offset += UInt64(read)
        }
        return found
    }
}
