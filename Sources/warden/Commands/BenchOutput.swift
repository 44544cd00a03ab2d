import Foundation

/// What every `warden bench` subcommand shares: a throw-away scratch folder and how the report is printed.
enum BenchOutput {
    /// Prints the report as sorted, indented JSON when `json` is set, else the Markdown text.
    /// - Throws: `EncodingError` only if the report cannot be encoded.
    static func print(_ report: some Encodable, json: Bool, markdown: @autoclosure () -> String) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Swift.print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            let text = markdown()
            Swift.print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        }
    }

    /// Runs `body` in `given`, or in a new folder under `./.warden/bench` that is removed afterwards.
    static func withScratchDirectory<T>(_ given: String?, _ body: (String) async throws -> T) async throws -> T {
        let directory = given ?? FileManager.default.currentDirectoryPath + "/.warden/bench/\(UUID().uuidString)"
        defer { if given == nil { try? FileManager.default.removeItem(atPath: directory) } }
        return try await body(directory)
    }
}
