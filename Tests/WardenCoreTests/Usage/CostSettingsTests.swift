import Foundation
import Testing
import WardenCore

/// `[[costs.models]]` and `costs.monthly_budget_usd.*`, from the file and from the environment.
@Suite("Cost settings")
struct CostSettingsTests {
    private static func load(file: String?, environment: [String: String] = [:]) throws -> CostSettings {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-costs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try file.map { text in
            let url = directory.appendingPathComponent("warden.toml")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let values = try ConfigurationLoader.values(
            configPath: path,
            environment: environment,
            host: ConfigurationHost(standardErrorIsTerminal: false, currentDirectory: "/srv/warden", isExecutable: { _ in false }),
            registry: SettingsRegistry(CostSettings.Registry.all)
        )
        return try CostSettings(from: values)
    }

    @Test("nothing configured: no prices (costs unknown) and no budgets")
    func defaults() throws {
        let settings = try Self.load(file: nil)
        #expect(settings.prices.prices.isEmpty)
        #expect(settings.monthlyBudgets.isEmpty)
    }

    @Test("prices as [[costs.models]] tables and budgets per system in the file")
    func file() throws {
        let settings = try Self.load(
            file: """
                [[costs.models]]
                name = "gpt-5.5"
                input = 1.25
                cached_input = 0.125
                output = 10

                [[costs.models]]
                name = "gpt-5.5-mini"
                input = 0
                cached_input = 0
                output = 2

                [costs.monthly_budget_usd]
                review = 50
                gateway = 12.5
                """
        )
        #expect(
            settings.prices
                == PriceTable([
                    ModelPrice(model: "gpt-5.5", input: 1.25, cachedInput: 0.125, output: 10),
                    ModelPrice(model: "gpt-5.5-mini", input: 0, cachedInput: 0, output: 2),
                ])
        )
        #expect(settings.monthlyBudgets == [.review: 50, .gateway: 12.5])
    }

    @Test("the environment gives prices as name=input/cached_input/output and overrides the file")
    func environment() throws {
        let settings = try Self.load(
            file: "[costs.monthly_budget_usd]\nreview = 50\n",
            environment: [
                "WARDEN_COSTS_MODELS": "gpt-5.5=1.25/0.125/10, o4=2/0.5/8",
                "WARDEN_COSTS_MONTHLY_BUDGET_USD_REVIEW": "20",
                "WARDEN_COSTS_MONTHLY_BUDGET_USD_REMEDIATION": "0",
            ]
        )
        #expect(
            settings.prices
                == PriceTable([
                    ModelPrice(model: "gpt-5.5", input: 1.25, cachedInput: 0.125, output: 10), ModelPrice(model: "o4", input: 2, cachedInput: 0.5, output: 8),
                ])
        )
        #expect(settings.monthlyBudgets == [.review: 20, .remediation: 0])
    }

    @Test(
        "a bad price or budget is refused, naming the key or variable",
        arguments: [
            ("[[costs.models]]\ninput = 1\ncached_input = 1\noutput = 1\n", [:], "costs.models", "entry 1 has no name"),
            ("[[costs.models]]\nname = \"m\"\ninput = 1\noutput = 1\n", [:], "costs.models", "has no cached_input"),
            ("[[costs.models]]\nname = \"m\"\ninput = -1\ncached_input = 1\noutput = 1\n", [:], "costs.models", "negative input"),
            ("[[costs.models]]\nname = \"m\"\ninput = 1\ncached_input = 1\noutput = 1\nreasoning = 3\n", [:], "costs.models", "unknown key reasoning"),
            ("costs.models = \"gpt=1/1/1\"\n", [:], "costs.models", "is a string"),
            ("", ["WARDEN_COSTS_MODELS": "gpt-5.5=1.25/10"], "WARDEN_COSTS_MODELS", "gpt-5.5=1.25/10"),
            ("", ["WARDEN_COSTS_MODELS": "=1/1/1"], "WARDEN_COSTS_MODELS", "=1/1/1"),
            ("", ["WARDEN_COSTS_MONTHLY_BUDGET_USD_GATEWAY": "-5"], "WARDEN_COSTS_MONTHLY_BUDGET_USD_GATEWAY", "-5"),
            ("[costs.monthly_budget_usd]\nreviews = 5\n", [:], "costs.monthly_budget_usd.reviews", "did you mean"),
        ] as [(String, [String: String], String, String)]
    )
    func refused(file: String, environment: [String: String], key: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) { try Self.load(file: file.isEmpty ? nil : file, environment: environment) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains(key), "\(text)")
        #expect(text.contains(problem), "\(text)")
    }
}
