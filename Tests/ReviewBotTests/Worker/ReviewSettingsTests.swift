import ReviewBot
import Testing
import WardenCore
import WardenTestSupport

@Suite("ReviewSettings")
struct ReviewSettingsTests {
    static func settings(_ environment: [String: String]) throws -> ReviewSettings {
        try ReviewSettings(from: .testing(environment, settings: ReviewSettings.Registry.all))
    }

    @Test("without variables the defaults hold: every finding, at most ten, one discussion each")
    func defaults() throws {
        let settings = try Self.settings([:])
        #expect(settings == ReviewSettings(minimumConfidence: 0, maximumFindings: 10, publishMode: .discussions))
    }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var environment: [String: String]
        var expected: ReviewSettings
        var testDescription: String { name }
    }

    @Test(
        "reads each variable",
        arguments: [
            Row(name: "confidence", environment: ["WARDEN_REVIEW_MIN_CONFIDENCE": "0.6"], expected: ReviewSettings(minimumConfidence: 0.6)),
            Row(name: "cap", environment: ["WARDEN_REVIEW_MAX_FINDINGS": "3"], expected: ReviewSettings(maximumFindings: 3)),
            Row(name: "batch, any case", environment: ["WARDEN_REVIEW_PUBLISH": "Batch"], expected: ReviewSettings(publishMode: .batch)),
            Row(name: "empty keeps the default", environment: ["WARDEN_REVIEW_MAX_FINDINGS": " "], expected: ReviewSettings()),
        ]
    )
    func reads(row: Row) throws {
        #expect(try Self.settings(row.environment) == row.expected)
    }

    @Test(
        "a bad value names its variable",
        arguments: [
            ("WARDEN_REVIEW_MIN_CONFIDENCE", "1.5"),
            ("WARDEN_REVIEW_MIN_CONFIDENCE", "high"),
            ("WARDEN_REVIEW_MAX_FINDINGS", "-1"),
            ("WARDEN_REVIEW_MAX_FINDINGS", "1000"),
            ("WARDEN_REVIEW_PUBLISH", "drafts"),
        ]
    )
    func rejects(variable: String, value: String) {
        let error = #expect(throws: ConfigurationError.self) { try Self.settings([variable: value]) }
        #expect(error?.key == variable)
        #expect(error?.description.contains(variable) == true)
    }
}
