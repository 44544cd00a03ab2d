import Foundation
import Testing

@testable import Codex

/// The seat's usage windows as codex 0.163 writes them, and the reserve's decision over them.
@Suite("RateLimitSnapshot")
struct RateLimitSnapshotTests {
    static func object(_ json: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test("decodes a rollout file's rate_limits (snake case, as the session's token_count event has it)")
    func rolloutSpelling() throws {
        let limits = try Self.object(
            #"{"limit_id":"codex","limit_name":null,"primary":{"used_percent":42.5,"window_minutes":300,"resets_at":1796678539},"secondary":{"used_percent":91.0,"window_minutes":10080,"resets_at":1796761339},"credits":null,"plan_type":null}"#
        )
        #expect(
            RateLimitSnapshot(json: limits)
                == RateLimitSnapshot(
                    windows: [
                        RateLimitWindow(name: "primary", usedPercent: 42.5, windowMinutes: 300, resetsAt: Date(timeIntervalSince1970: 1_796_678_539)),
                        RateLimitWindow(name: "secondary", usedPercent: 91, windowMinutes: 10080, resetsAt: Date(timeIntervalSince1970: 1_796_761_339)),
                    ],
                    planType: nil
                )
        )
    }

    @Test("decodes the app-server's rateLimits (camel case, account/rateLimits/updated and /read)")
    func appServerSpelling() throws {
        let limits = try Self.object(
            #"{"limitId":"codex","limitName":null,"primary":{"usedPercent":43,"windowDurationMins":300,"resetsAt":1796678587},"secondary":null,"credits":null,"planType":"plus"}"#
        )
        #expect(
            RateLimitSnapshot(json: limits)
                == RateLimitSnapshot(
                    windows: [RateLimitWindow(name: "primary", usedPercent: 43, windowMinutes: 300, resetsAt: Date(timeIntervalSince1970: 1_796_678_587))],
                    planType: "plus"
                )
        )
    }

    @Test("a snapshot without windows is none")
    func noWindows() throws {
        #expect(RateLimitSnapshot(json: try Self.object(#"{"primary":null,"secondary":null,"plan_type":null}"#)) == nil)
    }

    @Test("reads the last snapshot of a rollout file and ignores the rest of the transcript")
    func rolloutFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollout-\(UUID().uuidString)").path
        let thread = "01a2522b-e8a8-72a2-a40d-92c754eb0647"
        let day = directory + "/sessions/2026/12/07"
        try FileManager.default.createDirectory(atPath: day, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let lines = [
            #"{"timestamp":"2026-12-07T20:20:00Z","type":"session_meta","payload":{"id":"\#(thread)"}}"#,
            #"{"timestamp":"2026-12-07T20:20:01Z","type":"event_msg","payload":{"type":"token_count","info":null,"rate_limits":{"primary":{"used_percent":10.0,"window_minutes":300,"resets_at":1796678000}}}}"#,
            #"{"timestamp":"2026-12-07T20:20:02Z","type":"response_item","payload":{"type":"message","content":[{"text":"\"rate_limits\":{\"primary\":{\"used_percent\":99}}"}]}}"#,
            #"{"timestamp":"2026-12-07T20:20:03Z","type":"event_msg","payload":{"type":"token_count","info":null,"rate_limits":{"primary":{"used_percent":42.5,"window_minutes":300,"resets_at":1796678539}}}}"#,
            #"{"timestamp":"2026-12-07T20:20:04Z","type":"event_msg","payload":{"type":"task_complete"}}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: "\(day)/rollout-2026-12-07T20-20-00-\(thread).jsonl", atomically: true, encoding: .utf8)
        let snapshot = RolloutRateLimits.latest(thread: thread, codexHome: directory)
        #expect(snapshot?.windows.map(\.usedPercent) == [42.5])
        #expect(RolloutRateLimits.latest(thread: "01a2522b-0000-72a2-a40d-92c754eb0647", codexHome: directory) == nil)
    }

    @Test("at start the monitor takes the last windows of the newest rollout file that has any, and keeps a newer report")
    func newestRollout() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rollout-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func write(_ day: String, _ name: String, used: Double?) throws {
            let path = "\(directory)/sessions/\(day)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let line = used.map {
                #"{"type":"event_msg","payload":{"type":"token_count","rate_limits":{"primary":{"used_percent":\#($0),"window_minutes":300,"resets_at":1796678539}}}}"#
            } ?? #"{"type":"event_msg","payload":{"type":"task_complete"}}"#
            try line.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8)
        }
        let empty = RateLimitMonitor()
        await empty.loadNewest(codexHome: directory)
        #expect(await empty.snapshot == nil)
        try write("2026/11/30", "rollout-2026-11-30T08-00-00-a.jsonl", used: 5)
        try write("2026/12/07", "rollout-2026-12-07T08-00-00-b.jsonl", used: 33)
        try write("2026/12/07", "rollout-2026-12-07T09-00-00-c.jsonl", used: nil)
        #expect(RolloutRateLimits.newest(codexHome: directory)?.windows.map(\.usedPercent) == [33])
        #expect(RolloutRateLimits.newest(codexHome: directory, files: 1) == nil)
        let monitor = RateLimitMonitor()
        await monitor.loadNewest(codexHome: directory)
        #expect(await monitor.snapshot?.windows.map(\.usedPercent) == [33])
        let reported = RateLimitSnapshot(windows: [RateLimitWindow(name: "primary", usedPercent: 70, windowMinutes: 300, resetsAt: nil)], planType: nil)
        let updated = RateLimitMonitor()
        await updated.update(reported)
        await updated.loadNewest(codexHome: directory)
        #expect(await updated.snapshot == reported)
    }

    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    struct ReserveRow: Sendable, CustomTestStringConvertible {
        let name: String
        let used: [Double]
        var resetsIn: TimeInterval? = 3600
        let reserve: Int
        let blocking: String?
        var testDescription: String { name }
    }

    @Test(
        "a window at or above 100 minus the reserve blocks new runs until it resets",
        arguments: [
            ReserveRow(name: "reserve 0, windows below full", used: [99.5, 40], reserve: 0, blocking: nil),
            ReserveRow(name: "reserve 0, a full window", used: [100, 40], reserve: 0, blocking: "primary"),
            ReserveRow(name: "reserve 10, the weekly window at 90 %", used: [20, 90], reserve: 10, blocking: "secondary"),
            ReserveRow(name: "reserve 10, both windows at 89.9 %", used: [89.9, 89.9], reserve: 10, blocking: nil),
            ReserveRow(name: "reserve 10, both over: the fuller one", used: [95, 97], reserve: 10, blocking: "secondary"),
            ReserveRow(name: "a window that has reset no longer blocks", used: [100, 10], resetsIn: -1, reserve: 0, blocking: nil),
            ReserveRow(name: "a window without a reset time never blocks", used: [100, 10], resetsIn: nil, reserve: 0, blocking: nil),
        ]
    )
    func reserve(_ row: ReserveRow) {
        let names = ["primary", "secondary"]
        let snapshot = RateLimitSnapshot(
            windows: zip(names, row.used).map { name, used in
                RateLimitWindow(name: name, usedPercent: used, windowMinutes: 300, resetsAt: row.resetsIn.map { Self.now.addingTimeInterval($0) })
            },
            planType: nil
        )
        #expect(RateLimitReserve.blockingWindow(in: snapshot, reservePercent: row.reserve, now: Self.now)?.name == row.blocking)
    }
}
