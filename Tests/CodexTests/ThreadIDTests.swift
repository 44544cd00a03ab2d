import Testing

@testable import Codex

@Suite("ThreadID")
struct ThreadIDTests {
    @Test(
        "accepts UUIDs only",
        arguments: [
            ("01a200df-8585-7130-97e8-363355a64b96", true),
            ("01A200DF-8585-7130-97E8-363355A64B96", true),
            ("no-such-thread", false),
            ("", false),
            (" 01a200df-8585-7130-97e8-363355a64b96", false),
            ("01a200df-8585-7130-97e8-363355a64b96\n", false),
            ("01a200df85857130-97e8-363355a64b96", false),
            ("01a200dg-8585-7130-97e8-363355a64b96", false),
            ("--last", false),
            ("01a200df-8585-7130-97e8-363355a64b96-", false),
        ]
    )
    func validates(_ text: String, _ isValid: Bool) {
        #expect((ThreadID(text) != nil) == isValid)
    }

    @Test("normalises to lower case")
    func lowercases() throws {
        let id = try #require(ThreadID("01A200DF-8585-7130-97E8-363355A64B96"))
        #expect(id.rawValue == "01a200df-8585-7130-97e8-363355a64b96")
    }
}
