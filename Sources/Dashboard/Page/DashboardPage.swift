public import Foundation
public import Store
import WardenCore

/// What the dashboard shows, as plain values the template renders (Mustache escapes each one).
///
/// Built by ``make(counts:pause:jobs:reviews:seat:now:csrf:)`` from the store's records, a pure function.
public struct DashboardPage: Sendable {
    /// Facts about the Codex seat and the server.
    public struct Seat: Sendable {
        /// The Warden version.
        public var wardenVersion: String
        /// The codex version, or the configured binary when the version is not known cheaply.
        public var codex: String
        /// The Codex sandbox mode.
        public var sandboxMode: String
        /// `sqlite` or `postgresql`.
        public var store: String

        /// Creates seat facts.
        public init(wardenVersion: String, codex: String, sandboxMode: String, store: String) {
            self.wardenVersion = wardenVersion
            self.codex = codex
            self.sandboxMode = sandboxMode
            self.store = store
        }
    }

    /// A state and how many jobs are in it.
    struct StateCount: Sendable {
        var state: String
        var count: Int
    }

    /// One row of the job table.
    struct Job: Sendable {
        var id: String
        var kind: String
        var forge: String
        var state: String
        var project: String
        var mergeRequest: String
        var attempts: Int
        var lastError: String?
        var age: String
        var retryable: Bool
    }

    /// One row of the review table.
    struct Review: Sendable {
        var project: String
        var mergeRequest: String
        var sha: String
        var state: String
        var tokens: Int64
        var age: String
    }

    /// Why the queue is paused.
    struct Pause: Sendable {
        var reason: String
        var age: String
    }

    var title: String
    var seat: Seat
    var counts: [StateCount]
    var pause: Pause?
    var jobs: [Job]
    var reviews: [Review]
    var csrf: String
    /// The chart's markup, escaped by ``DayChart`` itself.
    var chart: String
    /// The nonce of the response's stylesheet, set when the page is sent.
    var nonce = ""

    /// The page of the review bot's dashboard.
    /// - Parameters:
    ///   - counts: jobs per state.
    ///   - pause: the queue's pause, if paused.
    ///   - jobs: the newest jobs.
    ///   - reviews: the newest reviews (the list and the chart).
    ///   - seat: facts about the seat.
    ///   - now: the time ages count from.
    ///   - csrf: the CSRF token the forms carry.
    public static func make(
        counts: [JobState: Int],
        pause: PauseState?,
        jobs: [JobRecord],
        reviews: [ReviewRecord],
        seat: Seat,
        now: Date,
        csrf: String
    ) -> DashboardPage {
        DashboardPage(
            title: "Warden",
            seat: seat,
            counts: JobState.allCases.map { StateCount(state: $0.rawValue, count: counts[$0] ?? 0) },
            pause: pause.map { Pause(reason: $0.reason, age: age(from: $0.since, to: now)) },
            jobs: jobs.map { job in
                Job(
                    id: job.id,
                    kind: job.kind.rawValue,
                    forge: job.forge.rawValue,
                    state: job.state.rawValue,
                    // GitHub jobs carry `owner/name`; GitLab's only the numeric id.
                    project: job.repository ?? "\(job.projectID)",
                    mergeRequest: job.forge == .github ? "#\(job.mergeRequestIID)" : "!\(job.mergeRequestIID)",
                    attempts: job.attempts,
                    lastError: job.lastError,
                    age: age(from: job.createdAt, to: now),
                    retryable: job.state == .failed || job.state == .dead
                )
            },
            reviews: reviews.prefix(20).map { review in
                Review(
                    project: "\(review.projectID)",
                    mergeRequest: "!\(review.mergeRequestIID)",
                    sha: String(review.headSHA.prefix(12)),
                    state: review.state.rawValue,
                    tokens: review.inputTokens + review.outputTokens,
                    age: age(from: review.createdAt, to: now)
                )
            },
            csrf: csrf,
            chart: DayChart.svg(DayFigures.lastDays(14, of: reviews, now: now))
        )
    }

    /// A short age: `42s`, `5m`, `3h`, `2d`.
    static func age(from start: Date, to now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(start)))
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m"
        case ..<86_400: return "\(seconds / 3600)h"
        default: return "\(seconds / 86_400)d"
        }
    }
}
