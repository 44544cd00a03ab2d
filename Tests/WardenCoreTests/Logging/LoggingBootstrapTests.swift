import Foundation
import Logging
import Synchronization
import Testing
import WardenCore

@Suite("Logging bootstrap")
struct LoggingBootstrapTests {
    /// Collects lines instead of writing them to standard error.
    final class CollectingSink: LogLineSink {
        private let storage = Mutex<[String]>([])

        var lines: [String] { storage.withLock { $0 } }

        func write(line: String) {
            storage.withLock { $0.append(line) }
        }
    }

    static func logger(_ format: LogFormat, level: Logger.Level = .info, sink: CollectingSink) -> Logger {
        let factory = LoggingBootstrap.handlerFactory(for: LogSettings(format: format, level: level), sink: sink)
        return Logger(label: "warden.test", factory: { factory($0, nil) })
    }

    static func object(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test("writes one JSON object per line with ts, level, label, message and metadata")
    func writesJSONLines() throws {
        let sink = CollectingSink()
        var logger = Self.logger(.json, sink: sink)
        logger[metadataKey: "component"] = "queue"
        logger.info("review posted", metadata: ["mr": "12", "sizes": ["1", "2"], "nested": ["a": "b"]])
        let line = try #require(sink.lines.first)
        #expect(sink.lines.count == 1)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        let object = try Self.object(line)
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "warden.test")
        #expect(object["message"] as? String == "review posted")
        let timestamp = try #require(object["ts"] as? String)
        #expect(timestamp.count == 24 && timestamp.hasSuffix("Z") && timestamp.contains("T"))
        let metadata = try #require(object["metadata"] as? [String: Any])
        #expect(metadata["mr"] as? String == "12")
        #expect(metadata["component"] as? String == "queue")
        #expect(metadata["sizes"] as? [String] == ["1", "2"])
        #expect((metadata["nested"] as? [String: String]) == ["a": "b"])
    }

    @Test("escapes quotes, newlines and control characters in JSON")
    func escapesJSON() throws {
        let sink = CollectingSink()
        let message = "line one\nline \"two\"\t\\ \u{01} \u{2028} é"
        Self.logger(.json, sink: sink).warning("\(message)", metadata: ["k\"ey": "v\nalue"])
        let line = try #require(sink.lines.first)
        #expect(line.dropLast().contains("\n") == false)
        let object = try Self.object(line)
        #expect(object["message"] as? String == message)
        #expect((object["metadata"] as? [String: String]) == ["k\"ey": "v\nalue"])
    }

    @Test("prints a Secret in metadata as <redacted>", arguments: LogFormat.allCases)
    func redactsSecrets(_ format: LogFormat) throws {
        let sink = CollectingSink()
        let secret = Secret("glpat-s3cr3t")
        Self.logger(format, sink: sink).info(
            "using token",
            metadata: ["interpolated": "\(secret)", "convertible": .stringConvertible(secret), "list": [.stringConvertible(secret)]]
        )
        let line = try #require(sink.lines.first)
        #expect(!line.contains("glpat-s3cr3t"))
        #expect(line.components(separatedBy: "<redacted>").count == 4)
    }

    @Test("writes readable text lines")
    func writesTextLines() throws {
        let sink = CollectingSink()
        Self.logger(.text, sink: sink).notice("review posted", metadata: ["mr": "12", "title": "fix the bug"])
        let line = try #require(sink.lines.first)
        #expect(line.hasSuffix(" notice warden.test: review posted mr=12 title=\"fix the bug\"\n"))
    }

    @Test("keeps a text event on one line")
    func textStaysOnOneLine() throws {
        let sink = CollectingSink()
        Self.logger(.text, sink: sink).error("first\nsecond", metadata: ["k": "a\nb"])
        let line = try #require(sink.lines.first)
        #expect(line.dropLast().contains("\n") == false)
        #expect(line.contains("first\\nsecond"))
    }

    @Test("drops events below the configured level", arguments: LogFormat.allCases)
    func filtersByLevel(_ format: LogFormat) {
        let sink = CollectingSink()
        let logger = Self.logger(format, level: .warning, sink: sink)
        logger.info("hidden")
        logger.warning("shown")
        #expect(sink.lines.count == 1)
        #expect(sink.lines.first?.contains("shown") == true)
    }

    @Test("adds the metadata provider's values")
    func addsProviderMetadata() throws {
        let sink = CollectingSink()
        let provider = Logger.MetadataProvider { ["request": "r-1"] }
        let factory = LoggingBootstrap.handlerFactory(for: LogSettings(format: .json), sink: sink)
        let logger = Logger(label: "warden.test", factory: { factory($0, provider) })
        logger.info("hello", metadata: ["mr": "1"])
        let line = try #require(sink.lines.first)
        let metadata = try #require(try Self.object(line)["metadata"] as? [String: String])
        #expect(metadata == ["request": "r-1", "mr": "1"])
    }
}
