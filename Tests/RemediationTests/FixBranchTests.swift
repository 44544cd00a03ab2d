import Remediation
import Testing

@Suite("Fix branch names")
struct FixBranchTests {
    @Test(
        "sanitises finding ids into safe ref names",
        arguments: [
            ("CVE-2024-1234", "fix/CVE-2024-1234"),
            ("GHSA-abcd-efgh-ijkl", "fix/GHSA-abcd-efgh-ijkl"),
            ("SNYK:npm/lodash@4.17", "fix/SNYK-npm-lodash-4.17"),
            ("../../etc/passwd", "fix/etc-passwd"),
            ("a..b", "fix/a.b"),
            ("issue 7: SQL injection!", "fix/issue-7-SQL-injection"),
            ("refs/heads/main", "fix/refs-heads-main"),
            ("-x-", "fix/x"),
            ("name.lock", "fix/name-lock"),
            ("héllo wörld", "fix/h-llo-w-rld"),
            ("@{upstream}", "fix/upstream"),
            ("a~b^c:d?e*f[g\\h", "fix/a-b-c-d-e-f-g-h"),
        ]
    )
    func sanitises(_ id: String, _ branch: String) throws {
        #expect(try FixBranch.name(for: id) == branch)
    }

    @Test("cuts long ids", arguments: [String(repeating: "a", count: 300)])
    func long(_ id: String) throws {
        #expect(try FixBranch.name(for: id) == "fix/" + String(repeating: "a", count: FixBranch.maximumIDLength))
    }

    @Test("refuses ids with nothing usable", arguments: ["", "///", "..", "ü", "-.-"])
    func refuses(_ id: String) {
        #expect(throws: RemediationError.invalidFindingID(id)) { try FixBranch.name(for: id) }
    }
}
