/// One line of `warden doctor` output.
public struct DoctorFinding: Sendable, Equatable, CustomStringConvertible {
    /// How much a finding matters: problems make `doctor` exit non-zero, warnings do not.
    public enum Severity: String, Sendable, Equatable {
        case ok, warning, problem
    }

    /// How much it matters.
    public let severity: Severity
    /// What was checked and what was found, as a sentence.
    public let message: String

    /// Creates a finding.
    public init(_ severity: Severity, _ message: String) {
        self.severity = severity
        self.message = message
    }

    public var description: String {
        switch severity {
        case .ok: "ok       \(message)"
        case .warning: "warning  \(message)"
        case .problem: "problem  \(message)"
        }
    }
}
