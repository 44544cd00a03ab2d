import Foundation
import Glibc
import Synchronization

/// Writes `--dump-dir` files as upstream's proxy does: `NNNNNN-<unix ms>-request.json` with
/// `{method,url,headers[{name,value}],body}` and `…-response.json` with `{status,headers,body}`; bodies that are
/// JSON are stored parsed, anything else (SSE) as a string; credential headers are stored as `[REDACTED]`.
///
/// Dumps hold prompts and model output, so the directory is created `0700` and every file `0600`, created exclusively
/// (an existing file or a planted link is never written through). Dump failures are logged by the caller and never
/// affect proxying.
final class ExchangeDumper: Sendable {
    /// Header names whose values never reach a dump.
    static let redacted: Set<String> = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]

    private let directory: URL
    private let sequence = Atomic<Int>(0)

    /// A dumper writing into `directory`, which is created (`0700`) when missing.
    init(directory: String) throws {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(
            at: self.directory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
    }

    /// The file name prefix for the next exchange: sequence number and time.
    func nextPrefix() -> String {
        let number = sequence.add(1, ordering: .relaxed).newValue
        let milliseconds = Int(Date().timeIntervalSince1970 * 1000)
        let digits = String(number)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits + "-\(milliseconds)"
    }

    /// Writes the request dump.
    func writeRequest(prefix: String, method: String, url: String, headers: [(name: String, value: String)], body: Data) throws {
        let object: [String: Any] = ["method": method, "url": url, "headers": Self.headerObjects(headers), "body": Self.bodyObject(body)]
        try write(object, name: "\(prefix)-request.json")
    }

    /// Writes the response dump.
    func writeResponse(prefix: String, status: Int, headers: [(name: String, value: String)], body: Data) throws {
        let object: [String: Any] = ["status": status, "headers": Self.headerObjects(headers), "body": Self.bodyObject(body)]
        try write(object, name: "\(prefix)-response.json")
    }

    private func write(_ object: [String: Any], name: String) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let path = directory.appendingPathComponent(name).path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: data)
    }

    static func headerObjects(_ headers: [(name: String, value: String)]) -> [[String: String]] {
        headers.map { header in
            ["name": header.name, "value": redacted.contains(header.name.lowercased()) ? "[REDACTED]" : header.value]
        }
    }

    static func bodyObject(_ body: Data) -> Any {
        if let json = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) { return json }
        return String(decoding: body, as: UTF8.self)
    }
}
