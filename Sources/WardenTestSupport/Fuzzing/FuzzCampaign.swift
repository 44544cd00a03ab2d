public import Foundation

/// Runs one fuzz target over many generated inputs, each from its own seeded generator, and reports every input that
/// broke an invariant or ran suspiciously long by the campaign's seed and the input's index.
///
/// The number of inputs is a knob: `WARDEN_FUZZ_ITERATIONS` (read only here, by tests) raises it from the short
/// default that `make test` runs to the long pass of `make fuzz`. `WARDEN_FUZZ_INDEX` runs the one input a report
/// named, to replay it. A crash cannot be reported, so before each input its seed and index are written to
/// ``breadcrumb``; the file is removed when the campaign ends.
public struct FuzzCampaign: Sendable {
    /// The variable that sets how many inputs each campaign generates.
    public static let iterationsVariable = "WARDEN_FUZZ_ITERATIONS"
    /// The variable that makes each campaign run only the input with this index.
    public static let indexVariable = "WARDEN_FUZZ_INDEX"
    /// Inputs per campaign when ``iterationsVariable`` is unset: enough to catch regressions while `make test` stays fast.
    public static let defaultIterations = 2_000
    /// An input taking longer than this is reported as a likely hang (super-linear work on hostile input).
    public static let slowInputLimit: Duration = .seconds(1)

    /// The target's name, used in reports and the breadcrumb's file name.
    public let target: String
    /// The seed every input's generator derives from.
    public let seed: UInt64
    /// The input indices to run.
    public let indices: Range<Int>

    /// A campaign over `target` from `seed`, sized by the environment.
    ///
    /// - Parameters:
    ///   - target: a short name (`toml`, `exec-frames`).
    ///   - seed: the campaign's seed; keep it fixed so every run checks the same inputs.
    ///   - environment: where the knobs are read from.
    public init(target: String, seed: UInt64, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.target = target
        self.seed = seed
        if let index = environment[Self.indexVariable].flatMap(Int.init), index >= 0 {
            indices = index..<(index + 1)
        } else {
            let count = environment[Self.iterationsVariable].flatMap(Int.init) ?? Self.defaultIterations
            indices = 0..<max(count, 1)
        }
    }

    /// Where the seed and index of the input being run are written while the campaign runs.
    public var breadcrumb: URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("warden-fuzz-\(target).current")
    }

    /// Runs `property` once per input.
    ///
    /// - Parameter property: checks one input drawn from the generator; throws (typically a ``FuzzFailure``) when an
    ///   invariant does not hold.
    /// - Returns: what went wrong, if anything, and how long the campaign took.
    public func run(_ property: (inout SeededGenerator) throws -> Void) -> FuzzReport {
        let clock = ContinuousClock()
        let started = clock.now
        let crumbs = Breadcrumb(url: breadcrumb)
        defer { crumbs.remove() }
        var findings: [FuzzReport.Finding] = []
        var slowest: Duration = .zero
        for index in indices {
            crumbs.record("fuzz target \(target), seed 0x\(String(seed, radix: 16)), index \(index)\n")
            var generator = SeededGenerator(seed: seed, stream: index)
            let inputStarted = clock.now
            do {
                try property(&generator)
            } catch {
                findings.append(FuzzReport.Finding(index: index, problem: "\(error)"))
            }
            let took = clock.now - inputStarted
            slowest = max(slowest, took)
            if took > Self.slowInputLimit {
                findings.append(FuzzReport.Finding(index: index, problem: "took \(took), over the \(Self.slowInputLimit) limit"))
            }
        }
        return FuzzReport(target: target, seed: seed, inputs: indices.count, findings: findings, elapsed: clock.now - started, slowest: slowest)
    }
}

/// The seed and index of the input being run, in a file that survives a crash.
private struct Breadcrumb {
    let url: URL
    let handle: FileHandle?

    init(url: URL) {
        self.url = url
        handle = FileManager.default.createFile(atPath: url.path, contents: nil) ? FileHandle(forWritingAtPath: url.path) : nil
    }

    /// Overwrites the file with `line`. Best effort: a breadcrumb that cannot be written only loses crash context.
    func record(_ line: String) {
        guard let handle else { return }
        try? handle.truncate(atOffset: 0)
        try? handle.write(contentsOf: Data(line.utf8))
    }

    func remove() {
        try? handle?.close()
        try? FileManager.default.removeItem(at: url)
    }
}
