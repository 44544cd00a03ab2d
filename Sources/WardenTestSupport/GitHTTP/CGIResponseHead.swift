import Foundation

/// The header block a CGI program writes before its body (`Status: 200 OK`, `Content-Type: …`).
struct CGIResponseHead: Sendable, Equatable {
    /// The HTTP status from the `Status:` header; 200 when there is none.
    let status: Int
    /// Every other header, in order.
    let fields: [(name: String, value: String)]

    static func == (left: Self, right: Self) -> Bool {
        left.status == right.status && left.fields.elementsEqual(right.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Splits CGI output into the header block and the start of the body.
    ///
    /// - Parameter bytes: the output read so far.
    /// - Returns: the head and the bytes after the blank line, or `nil` while the blank line has not arrived.
    static func parse(_ bytes: [UInt8]) -> (head: CGIResponseHead, rest: [UInt8])? {
        var index = 0
        var lineStart = 0
        var lines: [String] = []
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                var line = bytes[lineStart..<index]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                if line.isEmpty {
                    return (head(of: lines), Array(bytes[(index + 1)...]))
                }
                lines.append(String(decoding: line, as: UTF8.self))
                lineStart = index + 1
            }
            index += 1
        }
        return nil
    }

    private static func head(of lines: [String]) -> CGIResponseHead {
        var status = 200
        var fields: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name.lowercased() == "status" {
                status = Int(value.prefix(3)) ?? 500
            } else {
                fields.append((name, value))
            }
        }
        return CGIResponseHead(status: status, fields: fields)
    }
}
