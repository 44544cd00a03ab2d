import Foundation
import Remediation
import Store
import Synchronization
import Testing
import WardenCore
import WardenTestSupport

/// The scheduler on a virtual clock (each of its waits moves the clock on) and a real SQLite store, with jobs that
/// record when they ran instead of running Codex.
@Suite("Remediation scheduler")
struct RemediationSchedulerTests {
    /// A clock every wait of the scheduler moves forward, shared with the store.
    final class VirtualClock: Sendable {
        private let current: Mutex<Date>
        init(_ start: Date) { current = Mutex(start) }
        var now: Date { current.withLock { $0 } }
        /// Moves the clock on by `duration` but at most a minute (a wait may end early: the scheduler checks the time
        /// again, and a lease renewal comes sooner), then yields for real so cancellation is seen.
        func sleep(_ duration: Duration) async throws {
            let seconds = min(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18, 60)
            current.withLock { $0 = $0.addingTimeInterval(seconds) }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// Times a job started, in order.
    final class RunLog: Sendable {
        private let starts = Mutex<[Date]>([])
        func record(_ date: Date) { starts.withLock { $0.append(date) } }
        var all: [Date] { starts.withLock { $0 } }
    }

    static let entry = ScheduledRemediation(
        repo: "https://gitlab.example.com/acme/app", source: .gitlabIssues(label: "security"), cron: try! CronSchedule("0 3 * * *")
    )

    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func store(_ data: TestDataDirectory, clock: VirtualClock) throws -> SQLiteStore {
        try SQLiteStore.open(dataDirectory: data.path, configuration: QueueConfiguration(now: { clock.now }))
    }

    static func scheduler(
        _ entry: ScheduledRemediation, store: any ScheduledRunStore, clock: VirtualClock, holder: String, lease: Duration = .seconds(300),
        run: @escaping @Sendable () async throws -> RemediationReport
    ) -> RemediationScheduler {
        RemediationScheduler(
            jobs: [RemediationScheduler.Job(entry: entry, run: run)], store: store, holder: holder, lease: lease, now: { clock.now },
            sleep: { try await clock.sleep($0) }
        )
    }

    /// Waits (for real) until `condition` holds, for at most 30 s.
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<3000 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        #expect(condition())
    }

    @Test("an entry runs at its due time in UTC, not at start-up, and its status shows the next run and the last outcome")
    func runsAtTheDueTime() async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let clock = VirtualClock(Self.date("2026-12-07T20:15:42Z"))
        let store = try Self.store(data, clock: clock)
        let log = RunLog()
        let scheduler = Self.scheduler(Self.entry, store: store, clock: clock, holder: "replica") {
            log.record(clock.now)
            return RemediationReport(project: "acme/app", day: "2026-12-08")
        }
        let before = await scheduler.scheduledJobs()
        #expect(before == [ScheduledJobStatus(repo: Self.entry.repo, source: "gitlab-issues:security", cron: "0 3 * * *", nextRun: "2026-12-08T03:00:00Z")])
        let service = Task { try await scheduler.run() }
        try await Self.waitUntil { log.all.count >= 2 }
        service.cancel()
        _ = try? await service.value
        // The job reads a clock the claim's renewal also moves; the claim itself is at the due time exactly.
        #expect(log.all.prefix(2).map { RemediationRunner.day(of: $0) } == ["2026-12-08", "2026-12-09"])
        #expect(log.all[0] >= Self.date("2026-12-08T03:00:00Z"))
        let status = try #require(await scheduler.scheduledJobs().first)
        #expect(status.lastOutcome == "succeeded")
        #expect(status.lastStartedAt?.hasSuffix("T03:00:00Z") == true)
        #expect(status.nextRun?.hasSuffix("T03:00:00Z") == true)
    }

    @Test("two replicas on one store run each due time once")
    func replicasRunADueTimeOnce() async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let clock = VirtualClock(Self.date("2026-12-07T02:59:00Z"))
        let log = RunLog()
        let schedulers = try ["a", "b"].map { name in
            Self.scheduler(Self.entry, store: try Self.store(data, clock: clock), clock: clock, holder: name) {
                log.record(clock.now)
                return RemediationReport(project: "acme/app", day: "")
            }
        }
        let services = schedulers.map { scheduler in Task { try await scheduler.run() } }
        try await Self.waitUntil { log.all.count >= 3 }
        services.forEach { $0.cancel() }
        for service in services { _ = try? await service.value }
        let days = log.all.map { RemediationRunner.day(of: $0) }
        #expect(Set(days).count == days.count, "a day ran twice: \(days)")
    }

    @Test("a run still in progress is not started again at the next due time, by this replica or another")
    func runInProgressIsNotStartedTwice() async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let start = Self.date("2026-12-07T10:00:30Z")
        let clock = VirtualClock(start)
        let everyMinute = ScheduledRemediation(repo: Self.entry.repo, source: Self.entry.source, cron: try CronSchedule("* * * * *"))
        let log = RunLog()
        let release = Mutex(false)
        let slow = Self.scheduler(everyMinute, store: try Self.store(data, clock: clock), clock: clock, holder: "slow", lease: .seconds(3600)) {
            log.record(clock.now)
            // Holds the run while the other replica passes several due times; each wait moves the shared clock on.
            while !release.withLock({ $0 }) { try await clock.sleep(.seconds(5)) }
            return RemediationReport(project: "acme/app", day: "")
        }
        let slowService = Task { try await slow.run() }
        try await Self.waitUntil { log.all.count == 1 }
        let other = Self.scheduler(everyMinute, store: try Self.store(data, clock: clock), clock: clock, holder: "other") {
            log.record(clock.now)
            return RemediationReport(project: "acme/app", day: "")
        }
        let otherService = Task { try await other.run() }
        try await Self.waitUntil { clock.now > start.addingTimeInterval(15 * 60) }
        #expect(log.all.count == 1)
        #expect(await other.scheduledJobs().first?.running == true)
        release.withLock { $0 = true }
        try await Self.waitUntil { log.all.count >= 3 }
        slowService.cancel()
        otherService.cancel()
        _ = try? await slowService.value
        _ = try? await otherService.value
        #expect(try #require(log.all.first) >= Self.date("2026-12-07T10:01:00Z"))
    }

    @Test("a run that throws is recorded as an error and the next due time still runs")
    func failedRunIsRecorded() async throws {
        let data = try TestDataDirectory()
        defer { data.remove() }
        let clock = VirtualClock(Self.date("2026-12-07T20:00:00Z"))
        let log = RunLog()
        struct Unreachable: Error {}
        let scheduler = Self.scheduler(Self.entry, store: try Self.store(data, clock: clock), clock: clock, holder: "replica") {
            log.record(clock.now)
            throw Unreachable()
        }
        let service = Task { try await scheduler.run() }
        try await Self.waitUntil { log.all.count >= 2 }
        service.cancel()
        _ = try? await service.value
        #expect(await scheduler.scheduledJobs().first?.lastOutcome == "error")
    }

    @Test(
        "a report's outcome",
        arguments: [
            (RemediationReport(project: "p", day: "d"), ScheduledRunOutcome.succeeded),
            (RemediationReport(project: "p", day: "d", rows: [.init(findingID: "a", outcome: .alreadyHandled(outcome: "merge_request_opened"))]), .succeeded),
            (RemediationReport(project: "p", day: "d", stoppedReason: "the kill switch is on"), .stopped),
            (RemediationReport(project: "p", day: "d", rows: [.init(findingID: "a", outcome: .failed(reason: "codex timed out"))]), .failed),
        ]
    )
    func outcome(report: RemediationReport, expected: ScheduledRunOutcome) {
        #expect(ScheduledRunOutcome(report) == expected)
    }
}
