import Remediation
import Testing
import WardenBenchmarks

@Suite("Secret scan benchmark")
struct SecretScanBenchmarkTests {
    @Test("scans a 20 000-line synthetic diff, finds exactly the planted tokens, and reports lines per second")
    func measures() throws {
        let scanner = SecretScanner(ruleSet: try SecretRuleSet.gitleaksDefaults())
        let report = SecretScanBenchmark(lines: 20_000, runs: 1).run(scanner: scanner)
        #expect(report.findings == 2)
        #expect(report.linesPerSecond > 0)
        print(report.markdown)
    }
}
