/// What a ``FuzzCampaign`` found: the inputs that broke an invariant, each named so it can be replayed.
public struct FuzzReport: Sendable, CustomStringConvertible {
    /// One input that failed.
    public struct Finding: Sendable {
        /// The input's index in the campaign.
        public let index: Int
        /// What went wrong.
        public let problem: String
    }

    /// The target's name.
    public let target: String
    /// The campaign's seed.
    public let seed: UInt64
    /// How many inputs were run.
    public let inputs: Int
    /// The inputs that failed, in order.
    public let findings: [Finding]
    /// How long the whole campaign took.
    public let elapsed: Duration
    /// How long the slowest input took.
    public let slowest: Duration

    /// Whether every input kept every invariant.
    public var passed: Bool { findings.isEmpty }

    /// The summary and the first few findings, each with the command that replays it.
    public var description: String {
        var lines = ["fuzz target \(target): \(inputs) inputs in \(elapsed) (slowest \(slowest)), \(findings.count) failed"]
        for finding in findings.prefix(5) {
            let problem = finding.problem.count > 2_000 ? finding.problem.prefix(2_000) + "…" : Substring(finding.problem)
            lines.append(
                "- seed 0x\(String(seed, radix: 16)) index \(finding.index) (replay: \(FuzzCampaign.indexVariable)=\(finding.index)): \(problem)"
            )
        }
        return lines.joined(separator: "\n")
    }
}
