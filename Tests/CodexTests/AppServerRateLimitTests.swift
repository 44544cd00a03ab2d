import Foundation
import Logging
import Testing
import WardenTestSupport

@testable import Codex

/// The seat's usage windows through the app-server: `account/rateLimits/updated` after a model request, and
/// `account/rateLimits/read` once per worker.
@Suite("App-server rate limits")
struct AppServerRateLimitTests {
    @Test("an account/rateLimits/updated in the app-server's spelling updates the monitor; other notifications do not")
    func updatedNotification() async throws {
        let (_, outbox) = AsyncStream<[UInt8]>.makeStream()
        let connection = AppServerConnection(outbox: outbox, logger: Logger(label: "test"))
        let monitor = RateLimitMonitor()
        await connection.receive(line: Array(#"{"method":"account/rateLimits/updated","params":{"rateLimits":{"primary":{"usedPercent":43,"windowDurationMins":300,"resetsAt":1796678587},"secondary":null,"planType":"plus"}}}"#.utf8))
        #expect(await monitor.snapshot == nil, "nothing is reported before the monitor subscribes")

        await connection.report(rateLimitsTo: monitor)
        await connection.receive(line: Array(#"{"method":"configWarning","params":{"summary":"no bwrap"}}"#.utf8))
        #expect(await monitor.snapshot == nil)
        await connection.receive(line: Array(#"{"method":"account/rateLimits/updated","params":{"rateLimits":{"primary":{"usedPercent":43,"windowDurationMins":300,"resetsAt":1796678587},"secondary":{"usedPercent":97,"windowDurationMins":10080,"resetsAt":null},"planType":"plus"}}}"#.utf8))
        let snapshot = try #require(await monitor.snapshot)
        #expect(snapshot.planType == "plus")
        #expect(snapshot.windows == [
            RateLimitWindow(name: "primary", usedPercent: 43, windowMinutes: 300, resetsAt: Date(timeIntervalSince1970: 1_796_678_587)),
            RateLimitWindow(name: "secondary", usedPercent: 97, windowMinutes: 10080, resetsAt: nil),
        ])
        // An update without windows (the notification of a provider that reports none) keeps what is known.
        await connection.receive(line: Array(#"{"method":"account/rateLimits/updated","params":{"rateLimits":{"primary":null,"secondary":null}}}"#.utf8))
        #expect(await monitor.snapshot == snapshot)
    }

    @Test("the real app-server's windows reach the monitor after a turn whose model response carried them")
    func realWorker() async throws {
        let resetsAt = Int(Date().timeIntervalSince1970) + 3600
        let monitor = RateLimitMonitor(reservePercent: 10)
        let turn = ModelTurn.message("Hello.").with(headers: [
            "x-codex-primary-used-percent": "42.5", "x-codex-primary-window-minutes": "300", "x-codex-primary-reset-at": "\(resetsAt)",
            "x-codex-secondary-used-percent": "91", "x-codex-secondary-window-minutes": "10080",
            "x-codex-secondary-reset-at": "\(resetsAt + 86400)",
        ])
        try await AppServerHarness.with(script: [turn], rateLimits: monitor) { harness in
            let (connection, thread) = try await harness.startThread()
            // On an API key codex has no windows to read at start: nothing is invented.
            #expect(await monitor.snapshot == nil)
            _ = try await collect(try await connection.startTurn(thread: thread, input: "hello"))
            var snapshot = await monitor.snapshot
            for _ in 0..<50 where snapshot == nil {
                try await Task.sleep(for: .milliseconds(100))
                snapshot = await monitor.snapshot
            }
            let windows = try #require(snapshot).windows
            #expect(windows.map(\.name) == ["primary", "secondary"])
            // The app-server's `usedPercent` is an integer: codex rounds the header's 42.5.
            #expect(windows.map(\.usedPercent) == [43, 91])
            #expect(windows.first?.resetsAt == Date(timeIntervalSince1970: TimeInterval(resetsAt)))
            #expect(await monitor.blockingWindow()?.name == "secondary", "91 % is within a 10 % reserve")
        }
    }
}
