import Remediation
import Testing

@Suite("Prompt template")
struct PromptTemplateTests {
    /// One template, the values given, and what filling must give.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var template: String
        var values: [String: String]
        var expected: Result<String, RemediationError>
        var testDescription: String { name }
    }

    static let all: [Case] = [
        Case(
            name: "every listed variable is filled",
            template: "$FINDING_ID|$FINDING_TITLE|$FINDING_DETAILS|$REPO|$BRANCH",
            values: ["FINDING_ID": "CVE-1", "FINDING_TITLE": "t", "FINDING_DETAILS": "d", "REPO": "acme/app", "BRANCH": "fix/CVE-1"],
            expected: .success("CVE-1|t|d|acme/app|fix/CVE-1")
        ),
        Case(
            name: "unlisted variables are left as written",
            template: "echo $HOME $PATH $FINDING $FINDING_IDS ${FINDING_ID} $1 $ $finding_id",
            values: ["FINDING_ID": "X"],
            expected: .success("echo $HOME $PATH $FINDING $FINDING_IDS ${FINDING_ID} $1 $ $finding_id")
        ),
        Case(
            name: "a value is inserted once, never filled again",
            template: "$FINDING_TITLE and $REPO",
            values: ["FINDING_TITLE": "uses $REPO and $BRANCH", "REPO": "acme/app"],
            expected: .success("uses $REPO and $BRANCH and acme/app")
        ),
        Case(
            name: "a variable used twice is filled twice; adjacent text stays",
            template: "[$FINDING_ID]-$FINDING_ID.",
            values: ["FINDING_ID": "A"],
            expected: .success("[A]-A.")
        ),
        Case(
            name: "a listed variable without a value is an error",
            template: "fix $FINDING_ID: $FINDING_DETAILS",
            values: ["FINDING_ID": "A"],
            expected: .failure(.missingTemplateValue("FINDING_DETAILS"))
        ),
        Case(
            name: "values for variables the template does not use are not needed",
            template: "just $BRANCH",
            values: ["BRANCH": "fix/x"],
            expected: .success("just fix/x")
        ),
        Case(
            name: "an empty value is a value",
            template: "details: [$FINDING_DETAILS]",
            values: ["FINDING_DETAILS": ""],
            expected: .success("details: []")
        ),
        Case(
            name: "a Dependabot alert's variables are filled",
            template: "bump $PACKAGE ($ECOSYSTEM) in $MANIFEST from $VULNERABLE_RANGE to $FIXED_VERSION, $SEVERITY, see $ADVISORY_URL",
            values: [
                "PACKAGE": "lodash", "ECOSYSTEM": "npm", "MANIFEST": "package-lock.json", "VULNERABLE_RANGE": "< 4.17.21",
                "FIXED_VERSION": "4.17.21", "SEVERITY": "high", "ADVISORY_URL": "https://github.com/advisories/GHSA-35jh-r3h4-6jhm",
            ],
            expected: .success(
                "bump lodash (npm) in package-lock.json from < 4.17.21 to 4.17.21, high, see https://github.com/advisories/GHSA-35jh-r3h4-6jhm"
            )
        ),
        Case(
            name: "a Dependabot variable without a value (a finding of another source) is an error",
            template: "bump $PACKAGE for $FINDING_ID",
            values: ["FINDING_ID": "CVE-1"],
            expected: .failure(.missingTemplateValue("PACKAGE"))
        ),
        Case(
            name: "a value holding a Dependabot variable is not filled again",
            template: "$FINDING_DETAILS / $PACKAGE",
            values: ["FINDING_DETAILS": "see $PACKAGE and $SEVERITY", "PACKAGE": "django"],
            expected: .success("see $PACKAGE and $SEVERITY / django")
        ),
        Case(
            name: "a dollar at the very end stays",
            template: "costs 5$",
            values: [:],
            expected: .success("costs 5$")
        ),
    ]

    @Test("fills a template", arguments: all)
    func fill(_ row: Case) throws {
        let template = try PromptTemplate(row.template)
        switch row.expected {
        case .success(let text):
            #expect(try template.filled(with: row.values) == text)
        case .failure(let error):
            #expect(throws: error) { try template.filled(with: row.values) }
        }
    }

    @Test("an empty template is refused")
    func emptyTemplate() {
        #expect(throws: RemediationError.invalidTemplate("it is empty")) { try PromptTemplate("  \n") }
    }

    @Test("the built-in template uses every variable all findings have, none of a Dependabot alert's, and fills completely")
    func builtIn() throws {
        let template = PromptTemplate.builtIn
        #expect(template.usedVariables == PromptTemplate.findingVariables)
        let values = ["FINDING_ID": "CVE-1", "FINDING_TITLE": "t", "FINDING_DETAILS": "d", "REPO": "acme/app", "BRANCH": "fix/CVE-1"]
        let prompt = try template.filled(with: values)
        #expect(!prompt.contains("$FINDING") && prompt.contains("fix/CVE-1"))
    }
}
