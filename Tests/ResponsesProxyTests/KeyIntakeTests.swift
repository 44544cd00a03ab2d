import Foundation
import Glibc
import Hardening
import Testing

/// Key intake from a pipe, byte for byte as upstream's `read_api_key.rs` tests.
@Suite("KeyIntake")
struct KeyIntakeTests {
    /// Writes `chunks` into a pipe (closing it afterwards) and reads the key from its other end.
    private func intake(_ chunks: [String]) throws(KeyIntakeError) -> String {
        var descriptors: [Int32] = [0, 0]
        precondition(pipe(&descriptors) == 0)
        for chunk in chunks {
            _ = Array(chunk.utf8).withUnsafeBytes { write(descriptors[1], $0.baseAddress, $0.count) }
        }
        close(descriptors[1])
        defer { close(descriptors[0]) }
        let buffer = try KeyIntake.readBearerHeaderValue(from: descriptors[0])
        // Tests may turn the secret into a String; the proxy never does.
        return buffer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    static let accepted: [(name: String, input: [String], header: String)] = [
        ("newline-terminated", ["sk-abc_123-XYZ\n"], "Bearer sk-abc_123-XYZ"),
        ("no newline before end of input", ["sk-abc"], "Bearer sk-abc"),
        ("CRLF trimmed", ["sk-abc\r\n"], "Bearer sk-abc"),
        ("short reads across chunks", ["sk-", "ab", "c\n"], "Bearer sk-abc"),
        ("stops at the first newline", ["sk-first\nsk-second\n"], "Bearer sk-first"),
        ("the longest key that fits", [String(repeating: "k", count: 1_016) + "\n"], "Bearer " + String(repeating: "k", count: 1_016)),
    ]

    @Test("accepts keys and returns Bearer <key>", arguments: accepted)
    func accepts(_ row: (name: String, input: [String], header: String)) throws {
        #expect(try intake(row.input) == row.header, "\(row.name)")
    }

    static let refused: [(name: String, input: [String], error: KeyIntakeError)] = [
        ("empty input", [], .empty(commandName: "warden responses-proxy")),
        ("only a newline", ["\n"], .empty(commandName: "warden responses-proxy")),
        ("buffer full without a newline", [String(repeating: "k", count: 1_017)], .tooLarge),
        ("invalid character", ["sk-abc!\n"], .invalidCharacter),
        ("space", ["sk abc\n"], .invalidCharacter),
        ("NUL byte", ["sk\u{0}abc\n"], .invalidCharacter),
        ("non-ASCII", ["sk-é\n"], .invalidCharacter),
    ]

    @Test("refuses bad input with upstream's error", arguments: refused)
    func refuses(_ row: (name: String, input: [String], error: KeyIntakeError)) {
        #expect(throws: row.error, "\(row.name)") { try intake(row.input) }
    }

    @Test("messages read as upstream's")
    func messages() {
        #expect(
            KeyIntakeError.empty(commandName: "warden responses-proxy").description
                == "API key must be provided via stdin (e.g. printenv OPENAI_API_KEY | warden responses-proxy)"
        )
        #expect(KeyIntakeError.tooLarge.description == "API key is too large to fit in the 1024-byte buffer")
        #expect(KeyIntakeError.invalidCharacter.description == "API key may only contain ASCII letters, numbers, '-' or '_'")
    }
}
