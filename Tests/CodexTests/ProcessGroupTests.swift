import Foundation
import Subprocess
import SystemPackage
import Testing

@testable import Codex

@Suite("ProcessGroup")
struct ProcessGroupTests {
    @Test(
        "reads state and group from /proc stat lines, even with odd command names",
        arguments: [
            ("1234 (codex) S 1 1234 1234 0 -1", "S", "1234"),
            ("77 (a) b (c)) Z 5 900 900 0", "Z", "900"),
            ("9 (sh -c x) R 8 8 8", "R", "8"),
        ]
    )
    func parsesStat(_ line: String, _ state: String, _ group: String) throws {
        let fields = try #require(ProcessGroup.fieldsAfterCommand(line))
        #expect(fields[0] == Substring(state))
        #expect(fields[2] == Substring(group))
    }

    @Test("terminates a group whose grandchild ignores SIGTERM, leaving no process behind")
    func terminatesWholeGroup() async throws {
        let options = ProcessGroup.platformOptions(gracePeriod: .milliseconds(200))
        let result = try await Subprocess.run(
            .path("/bin/sh"),
            arguments: ["-c", "sh -c 'trap \"\" TERM; echo started; sleep 60' & wait"],
            platformOptions: options,
            input: .none,
            output: .sequence,
            error: .discarded
        ) { execution in
            let group = ProcessGroup(leader: execution.processIdentifier)
            #expect(group.id == execution.processIdentifier.value)
            for try await line in execution.standardOutput.strings() where line == "started" { break }
            #expect(group.members().count >= 2)
            await group.terminate(gracePeriod: .milliseconds(200))
            return group
        }
        let group = result.closureResult
        #expect(!group.hasRunningMembers)
        await group.killAll()
        #expect(await group.becomesEmpty(within: .seconds(10)), "zombies of the group were never reaped")
    }
}

extension ProcessGroup {
    /// Whether the group has no member at all, zombies included, within `limit` (orphans are reaped by
    /// init a moment after they die); the limit only keeps a failing test from hanging.
    func becomesEmpty(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while !members().isEmpty {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}
