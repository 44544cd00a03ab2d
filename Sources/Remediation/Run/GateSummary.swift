/// What the gate found for a fix that passed it, for the merge request's description.
struct GateSummary: Sendable {
    /// The test command as configured.
    var testCommand: String
    /// Its run.
    var tests: TestRun
    /// Lines the fix adds.
    var addedLines: Int
    /// Files with added lines.
    var files: Int
    /// Rules the secret scanner applied.
    var rules: Int
}
