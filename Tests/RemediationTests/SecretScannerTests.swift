import Git
import Remediation
import Testing

@Suite("Secret scanner (gitleaks default rules)")
struct SecretScannerTests {
    static let scanner: SecretScanner = {
        do {
            return SecretScanner(ruleSet: try SecretRuleSet.gitleaksDefaults())
        } catch {
            fatalError("the embedded gitleaks rules do not load: \(error)")
        }
    }()

    /// Added text in a file, and the rule ids the scanner must report for it (empty: nothing).
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var path: String
        var text: String
        var rules: [String]
        var testDescription: String { name }
    }

    static let truePositives: [Case] = [
        Case(name: "GitLab personal access token", path: "config/ci.env", text: "GITLAB=glpat-Xk9mP2qR7vT4wZ1nB8cD\n", rules: ["gitlab-pat"]),
        Case(name: "GitLab token in code", path: "app.py", text: #"client = Gitlab(url, private_token="glpat-Xk9mP2qR7vT4wZ1nB8cD")"#, rules: ["gitlab-pat"]),
        Case(name: "GitLab pipeline trigger token", path: "x.sh", text: "T=glptt-0123456789abcdef0123456789abcdef01234567", rules: ["gitlab-ptt"]),
        Case(name: "GitHub personal access token", path: "x.yml", text: "gh: ghp_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6", rules: ["github-pat"]),
        Case(name: "AWS access key id", path: "x.tf", text: #"access_key_id = "AKIAQ3EGRT7XK4MZ5WPL""#, rules: ["aws-access-token"]),
        Case(
            name: "RSA private key",
            path: "deploy/key.pem",
            text: """
                -----BEGIN RSA PRIVATE KEY-----
                MIIEowIBAAKCAQEAx3v9Qk2Lm8Pz7Rt5Yw1Nq4Hs6Jd0Fg3Kc9Vb2Xn5Mz8Ap1Lq
                Tr4Ew7Uy0Io3Pa6Sd9Fg2Hj5Kl8Zx1Cv4Bn7Mq0Wa3Es6Rd9Tf2Gy5Hu8Ij1Ok4
                -----END RSA PRIVATE KEY-----
                """,
            rules: ["private-key"]
        ),
        Case(name: "Slack bot token", path: "bot.js", text: "const t = 'xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'", rules: ["slack-bot-token"]),
        Case(name: "a token in a lock file gitleaks exempts by path", path: "web/package-lock.json", text: #""token": "glpat-Xk9mP2qR7vT4wZ1nB8cD""#, rules: ["gitlab-pat"]),
        Case(name: "a token under vendor/, exempt in gitleaks", path: "vendor/golang.org/x/a.go", text: "t := \"glpat-Xk9mP2qR7vT4wZ1nB8cD\"", rules: ["gitlab-pat"]),
        Case(name: "a token in an image path, exempt in gitleaks", path: "logo.svg", text: "<!-- glpat-Xk9mP2qR7vT4wZ1nB8cD -->", rules: ["gitlab-pat"]),
        Case(name: "generic API key assignment", path: "settings.py", text: #"API_KEY = "f3a9c1e7b2d84a6f9e0c5b1d7a3e8f2c""#, rules: ["generic-api-key"]),
    ]

    static let falsePositives: [Case] = [
        Case(name: "a GitLab token prefix with no entropy", path: "docs.md", text: "use glpat-xxxxxxxxxxxxxxxxxxxx as a placeholder", rules: []),
        Case(name: "AWS's documented example key", path: "README.md", text: "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", rules: []),
        Case(name: "a password word without digits", path: "a.py", text: #"error = "PasswordRequiredForThisOperation""#, rules: []),
        Case(name: "a variable reference, not a value", path: "ci.yml", text: "token: ${GITLAB_TOKEN}", rules: []),
        Case(name: "code that talks about tokens", path: "a.swift", text: "let tokenCount = usage.outputTokens + usage.inputTokens", rules: []),
        Case(name: "a private key header without a key", path: "a.md", text: "Keys start with -----BEGIN RSA PRIVATE KEY----- and end…", rules: []),
        Case(name: "plain code", path: "main.go", text: "func main() {\n\tfmt.Println(\"hello\")\n}", rules: []),
    ]

    static func lines(_ text: String, from first: Int = 1) -> [AddedLine] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { AddedLine(number: first + $0.offset, text: String($0.element)) }
    }

    @Test("finds secrets the gitleaks rules describe", arguments: truePositives)
    func truePositive(_ row: Case) {
        let findings = Self.scanner.scan(path: row.path, lines: Self.lines(row.text))
        #expect(Set(findings.map(\.ruleID)).isSuperset(of: row.rules), "found \(findings)")
        #expect(findings.allSatisfy { $0.path == row.path })
    }

    @Test("stays quiet on look-alikes the rules exclude", arguments: falsePositives)
    func falsePositive(_ row: Case) {
        #expect(Self.scanner.scan(path: row.path, lines: Self.lines(row.text)) == [])
    }

    @Test("loads every rule of the default configuration, each with a pattern or a path")
    func loadsAllRules() throws {
        let rules = try SecretRuleSet.gitleaksDefaults().rules
        #expect(rules.count == 222)
        #expect(rules.contains { $0.id == "gitlab-pat" && $0.keywords == ["glpat-"] && $0.entropy == 3 })
        #expect(rules.contains { $0.id == "jwt-base64" })
        #expect(rules.contains { $0.id == "kubernetes-secret-yaml" })
    }

    @Test("reports the line a match starts on, scanning separate hunks separately")
    func lineNumbers() {
        let lines = [
            AddedLine(number: 3, text: "ok"),
            AddedLine(number: 4, text: "t = 'glpat-Xk9mP2qR7vT4wZ1nB8cD'"),
            AddedLine(number: 10, text: "-----BEGIN RSA PRIVATE KEY-----"),
            AddedLine(number: 40, text: "MIIEowIBAAKCAQEAx3v9Qk2Lm8Pz7Rt5Yw1Nq4Hs6Jd0Fg3Kc9Vb2Xn5Mz8Ap1Lq"),
            AddedLine(number: 41, text: "-----END RSA PRIVATE KEY-----"),
        ]
        let findings = Self.scanner.scan(path: "a.txt", lines: lines)
        #expect(findings == [SecretFinding(ruleID: "gitlab-pat", path: "a.txt", line: 4)])
    }

    @Test("scans several files, ordered by path")
    func severalFiles() {
        let findings = Self.scanner.scan([
            "b.env": Self.lines("X=glpat-Xk9mP2qR7vT4wZ1nB8cD"),
            "a.env": Self.lines("x\ny\nY=ghp_aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF3hJ6"),
        ])
        #expect(findings.map(\.description) == ["github-pat at a.env:3", "gitlab-pat at b.env:1"])
    }

    @Test("redacts secrets from a line of text and leaves the rest")
    func redaction() {
        let text = #"{"cmd":"echo glpat-Xk9mP2qR7vT4wZ1nB8cD > t","ok":true}"#
        #expect(Self.scanner.redact(text) == #"{"cmd":"echo <redacted:gitlab-pat> > t","ok":true}"#)
        #expect(Self.scanner.redact("nothing here") == "nothing here")
    }

    /// Entropy in bits per character, as gitleaks computes it.
    @Test(
        "computes Shannon entropy",
        arguments: [("", 0.0), ("aaaa", 0.0), ("ab", 1.0), ("abcd", 2.0), ("aabb", 1.0)]
    )
    func entropy(_ text: String, _ bits: Double) {
        #expect(abs(SecretRule.shannonEntropy(text) - bits) < 1e-9)
    }
}
