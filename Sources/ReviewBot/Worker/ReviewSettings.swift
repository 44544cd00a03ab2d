import Foundation
public import WardenCore

/// How the review worker filters and publishes findings, read from `WARDEN_REVIEW_*` variables.
///
/// - `WARDEN_REVIEW_MIN_CONFIDENCE`: findings below this confidence (0…1) are dropped; default 0.
/// - `WARDEN_REVIEW_MAX_FINDINGS`: at most this many new findings are posted per review (0…100); default 10.
/// - `WARDEN_REVIEW_PUBLISH`: `discussions` (default) or `batch` (draft notes and one bulk publish).
public struct ReviewSettings: Sendable, Hashable {
    /// The variable holding the confidence threshold.
    public static let minimumConfidenceVariable = "WARDEN_REVIEW_MIN_CONFIDENCE"
    /// The variable holding the cap on posted findings.
    public static let maximumFindingsVariable = "WARDEN_REVIEW_MAX_FINDINGS"
    /// The variable holding the publish mode.
    public static let publishModeVariable = "WARDEN_REVIEW_PUBLISH"
    /// The largest accepted cap; more comments than this drown a merge request.
    public static let maximumFindingsLimit = 100

    /// Findings below this confidence are dropped.
    public var minimumConfidence: Double
    /// At most this many new findings are posted.
    public var maximumFindings: Int
    /// How inline findings are published.
    public var publishMode: PublishMode

    /// Creates settings.
    public init(minimumConfidence: Double = 0, maximumFindings: Int = 10, publishMode: PublishMode = .discussions) {
        self.minimumConfidence = minimumConfidence
        self.maximumFindings = maximumFindings
        self.publishMode = publishMode
    }

    /// Reads the settings from environment variables; absent or empty variables keep their defaults.
    ///
    /// - Parameter environment: the process environment.
    /// - Throws: `ConfigurationError` naming the variable whose value is not accepted.
    public init(environment: [String: String]) throws(ConfigurationError) {
        self.init()
        if let text = Self.value(Self.minimumConfidenceVariable, in: environment) {
            guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
                throw .invalidValue(
                    key: Self.minimumConfidenceVariable,
                    problem: "is not a number from 0 to 1",
                    expected: "a number from 0 to 1 (0.6)"
                )
            }
            minimumConfidence = value
        }
        if let text = Self.value(Self.maximumFindingsVariable, in: environment) {
            guard let value = Int(text), (0...Self.maximumFindingsLimit).contains(value) else {
                throw .invalidValue(
                    key: Self.maximumFindingsVariable,
                    problem: "is not a whole number from 0 to \(Self.maximumFindingsLimit)",
                    expected: "a whole number from 0 to \(Self.maximumFindingsLimit) (10)"
                )
            }
            maximumFindings = value
        }
        if let text = Self.value(Self.publishModeVariable, in: environment) {
            guard let mode = PublishMode(rawValue: text.lowercased()) else {
                throw .invalidValue(
                    key: Self.publishModeVariable,
                    problem: "is not a publish mode",
                    expected: PublishMode.allCases.map(\.rawValue).joined(separator: " | ")
                )
            }
            publishMode = mode
        }
    }

    /// The selection the review plan applies.
    public var selection: ReviewSelection {
        ReviewSelection(minimumConfidence: minimumConfidence, maximumFindings: maximumFindings)
    }

    private static func value(_ name: String, in environment: [String: String]) -> String? {
        guard let raw = environment[name] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
