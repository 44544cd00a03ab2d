import Testing

@testable import Git

@Suite("Worktree owner")
struct WorktreeOwnerTests {
    @Test(
        "reads the start time from a /proc stat line, whatever the command name holds",
        arguments: [
            ("1234 (warden) S 1 1234 1234 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 4 0 98765 1000 200", UInt64?.some(98765)),
            ("77 (a) b (c) R 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 42 0 0", 42),
            ("77 (sh) S 1 2 3", nil),
            ("no parenthesis here", nil),
        ]
    )
    func startTime(line: String, expected: UInt64?) {
        #expect(WorktreeOwner.startTime(statLine: line) == expected)
    }

    @Test("a marker round-trips; anything else is no owner", arguments: ["12 345\n", "12 345"])
    func marker(line: String) {
        #expect(WorktreeOwner(line: line) == WorktreeOwner(pid: 12, startTime: 345))
        #expect(WorktreeOwner(pid: 12, startTime: 345).line == "12 345\n")
    }

    @Test("malformed markers are no owner", arguments: ["", "12", "x 1", "-3 1", "0 1", "12 345 6"])
    func malformed(line: String) {
        #expect(WorktreeOwner(line: line) == nil)
    }

    @Test("this process runs; its pid with another start time does not")
    func running() throws {
        let current = try #require(WorktreeOwner.current)
        #expect(current.isRunning)
        #expect(!WorktreeOwner(pid: current.pid, startTime: current.startTime + 1).isRunning)
    }
}
