import Testing
import WardenCore
import WardenTestSupport

/// The harness every fuzz target relies on: sizing, replay and reporting.
@Suite("Fuzz campaign")
struct FuzzCampaignTests {
    @Test("runs the default number of inputs, or as many as WARDEN_FUZZ_ITERATIONS says")
    func sizing() {
        #expect(FuzzCampaign(target: "t", seed: 1, environment: [:]).indices == 0..<FuzzCampaign.defaultIterations)
        #expect(FuzzCampaign(target: "t", seed: 1, environment: [FuzzCampaign.iterationsVariable: "100000"]).indices.count == 100_000)
    }

    @Test("an input replayed alone by WARDEN_FUZZ_INDEX is the input the full run generated")
    func replay() {
        var full: [UInt64] = []
        _ = FuzzCampaign(target: "t", seed: 7, environment: [FuzzCampaign.iterationsVariable: "50"]).run { full.append($0.next()) }
        var alone: [UInt64] = []
        _ = FuzzCampaign(target: "t", seed: 7, environment: [FuzzCampaign.indexVariable: "37"]).run { alone.append($0.next()) }
        #expect(alone == [full[37]])
        #expect(Set(full).count == full.count)
    }

    @Test("a broken invariant is reported with the campaign's seed and the input's index")
    func reporting() {
        let report = FuzzCampaign(target: "t", seed: 0xABC, environment: [FuzzCampaign.iterationsVariable: "10"]).run { generator in
            try FuzzFailure.check(generator.next() % 3 != 0, "divisible by three")
        }
        #expect(!report.passed)
        #expect(report.findings.allSatisfy { $0.problem == "divisible by three" })
        #expect(report.description.contains("seed 0xabc index \(report.findings.first?.index ?? -1) (replay: WARDEN_FUZZ_INDEX="))
    }

    @Test("the fuzz variables are known to the settings' misspelling check")
    func variablesAreKnown() {
        #expect(SettingsRegistry.otherVariables.isSuperset(of: [FuzzCampaign.iterationsVariable, FuzzCampaign.indexVariable]))
    }
}
