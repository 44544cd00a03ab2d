/// Why remediation could not start, or why one step of it failed, with the context an operator needs.
///
/// Gate results (no changes, failing tests, a secret in the fix) are not errors: they are outcomes of a
/// finding (see ``FindingOutcome``). Errors are what a person has to look at: a template that cannot
/// be filled, a finding source that cannot be read, a rule set that does not load.
public struct RemediationError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: String, Sendable {
        case invalidTemplate = "invalid_template"
        case missingTemplateValue = "missing_template_value"
        case invalidSource = "invalid_source"
        case unreadableSource = "unreadable_source"
        case invalidFindingID = "invalid_finding_id"
        case invalidRules = "invalid_rules"
        case invalidTestCommand = "invalid_test_command"
        case invalidArgument = "invalid_argument"
        case fileSystem = "file_system"
    }

    private let code: Code
    /// What went wrong, as a sentence.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The prompt template cannot be used (unreadable, empty).
    public static func invalidTemplate(_ reason: String) -> Self {
        Self(.invalidTemplate, "the prompt template cannot be used: \(reason)")
    }

    /// The template names a listed variable for which the finding has no value.
    public static func missingTemplateValue(_ name: String) -> Self {
        Self(.missingTemplateValue, "the prompt template uses $\(name), but no value was given for it")
    }

    /// A `--source` that is not one of the accepted forms.
    public static func invalidSource(_ text: String) -> Self {
        Self(
            .invalidSource,
            "\"\(String(text.prefix(80)))\" is not a finding source (expected file:PATH, gitlab-issues:LABEL, github-issues:LABEL, github-dependabot[:SEVERITY[,SEVERITY…]] with low, medium, high or critical, or stdin)"
        )
    }

    /// The finding source could not be read.
    public static func unreadableSource(_ source: String, reason: String) -> Self {
        Self(.unreadableSource, "cannot read findings from \(source): \(reason)")
    }

    /// A finding id that cannot name a branch even after sanitising (empty, only punctuation).
    public static func invalidFindingID(_ id: String) -> Self {
        Self(.invalidFindingID, "finding id \"\(String(id.prefix(80)))\" has no character a branch name can use")
    }

    /// The secret-scanning rules do not load.
    public static func invalidRules(_ reason: String) -> Self {
        Self(.invalidRules, "the secret-scanning rules do not load: \(reason)")
    }

    /// The configured test command cannot be split into a program and its arguments.
    public static func invalidTestCommand(_ reason: String) -> Self {
        Self(.invalidTestCommand, "the test command cannot be used: \(reason)")
    }

    /// A value a caller passed is not acceptable.
    public static func invalidArgument(_ name: String, problem: String) -> Self {
        Self(.invalidArgument, "\(name) \(problem)")
    }

    /// A file or directory of the run could not be written.
    public static func fileSystem(path: String, reason: String) -> Self {
        Self(.fileSystem, "cannot write \(path): \(reason)")
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    public var description: String { message }
}
