public import Foundation
public import Store
public import WardenCore

/// What the dashboard shows, as plain values the template renders (Mustache escapes each one).
///
/// Built by ``make(_:seat:now:csrf:)`` from the store's records, the seat's state and the run ledger, a pure function.
public struct DashboardPage: Sendable {
    /// Facts about the Codex seat and the server.
    public struct Seat: Sendable {
        /// The Warden version.
        public var wardenVersion: String
        /// The codex version (`codex --version`), or the configured binary until it is known.
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
        /// The merge request's web address, when its project's path is known.
        var link: String?
        var attempts: Int
        var lastError: String?
        /// Why a waiting job does not run now: the pause, a hold, or its retry time.
        var waiting: String?
        var age: String
        var retryable: Bool
    }

    /// One row of the review table.
    struct Review: Sendable {
        var project: String
        var mergeRequest: String
        var link: String?
        var sha: String
        var state: String
        /// The findings the review published, `-` when unknown.
        var findings: String
        var tokens: Int64
        var cost: String
        var duration: String
        var age: String
    }

    /// One gateway turn.
    struct Turn: Sendable {
        var model: String
        var tokens: Int64
        var cost: String
        var duration: String
        var outcome: String
        var failed: Bool
        var age: String
    }

    /// Why the queue is paused.
    struct Pause: Sendable {
        var reason: String
        var age: String
    }

    /// What the page is made of: the store's records, the seat's state, the run ledger and the names of projects.
    public struct Inputs: Sendable {
        /// Jobs per state.
        public var counts: [JobState: Int]
        /// The queue's pause, if paused.
        public var pause: PauseState?
        /// The newest jobs.
        public var jobs: [JobRecord]
        /// The newest reviews.
        public var reviews: [ReviewRecord]
        /// The run ledger's rows of the chart's days, oldest first.
        public var runs: [CodexRun]
        /// The seat's windows and holds.
        public var seatState: SeatState
        /// The configured prices.
        public var prices: PriceTable
        /// Project paths and web bases.
        public var names: ProjectNames

        /// Creates inputs; everything but the queue's records defaults to empty.
        public init(
            counts: [JobState: Int] = [:], pause: PauseState? = nil, jobs: [JobRecord] = [], reviews: [ReviewRecord] = [],
            runs: [CodexRun] = [], seatState: SeatState = SeatState(), prices: PriceTable = PriceTable(), names: ProjectNames = ProjectNames()
        ) {
            self.counts = counts
            self.pause = pause
            self.jobs = jobs
            self.reviews = reviews
            self.runs = runs
            self.seatState = seatState
            self.prices = prices
            self.names = names
        }
    }

    /// How many days the chart shows.
    public static let chartDays = 14
    /// How many reviews and gateway turns the page lists.
    static let listLimit = 20

    var title: String
    var seat: Seat
    var seatView: SeatView
    var counts: [StateCount]
    var pause: Pause?
    var jobs: [Job]
    var reviews: [Review]
    var turns: [Turn]
    var csrf: String
    /// The chart's markup, escaped by ``DayChart`` itself.
    var chart: String
    /// The nonce of the response's stylesheet, set when the page is sent.
    var nonce = ""

    /// The page of the review bot's dashboard.
    /// - Parameters:
    ///   - inputs: what it shows.
    ///   - seat: facts about the seat.
    ///   - now: the time ages count from.
    ///   - csrf: the CSRF token the forms carry.
    public static func make(_ inputs: Inputs, seat: Seat, now: Date, csrf: String) -> DashboardPage {
        let names = inputs.names
        let seatView = SeatView(inputs.seatState, now: now)
        return DashboardPage(
            title: "Warden",
            seat: seat,
            seatView: seatView,
            counts: JobState.allCases.map { StateCount(state: $0.rawValue, count: inputs.counts[$0] ?? 0) },
            pause: inputs.pause.map { Pause(reason: $0.reason, age: age(from: $0.since, to: now)) },
            jobs: inputs.jobs.map { job in
                Job(
                    id: job.id,
                    kind: job.kind.rawValue,
                    forge: job.forge.rawValue,
                    state: job.state.rawValue,
                    // GitHub jobs carry `owner/name`; GitLab's only the numeric id, named from the forge when it answers.
                    project: job.repository ?? names.name(job.forge, job.projectID),
                    mergeRequest: ProjectNames.reference(job.forge, job.mergeRequestIID),
                    link: names.link(job.forge, job.projectID, job.mergeRequestIID),
                    attempts: job.attempts,
                    lastError: job.lastError,
                    waiting: waiting(job, pause: inputs.pause, seat: inputs.seatState, now: now),
                    age: age(from: job.createdAt, to: now),
                    retryable: job.state == .failed || job.state == .dead
                )
            },
            reviews: reviews(inputs, now: now),
            turns: turns(inputs, now: now),
            csrf: csrf,
            chart: DayChart.svg(DayFigures.lastDays(chartDays, of: inputs.runs, prices: inputs.prices, now: now))
        )
    }

    /// Why a pending or failed job does not run now, or `nil` when nothing keeps it.
    static func waiting(_ job: JobRecord, pause: PauseState?, seat: SeatState, now: Date) -> String? {
        guard job.state == .pending || job.state == .failed else { return nil }
        var reasons: [String] = []
        if pause != nil { reasons.append("queue paused") }
        if let hold = seat.hold, hold.until > now {
            reasons.append("seat held until \(SeatView.time(hold.until, now: now))")
        }
        for hold in seat.budgetHolds where hold.system == .review {
            reasons.append("review budget spent until \(SeatView.time(hold.until, now: now))")
        }
        if job.state == .failed, let runAfter = job.runAfter, runAfter > now {
            reasons.append("retry at \(SeatView.time(runAfter, now: now))")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    /// The newest reviews, each with the cost and duration of its Codex runs (the ledger's review runs of its thread).
    static func reviews(_ inputs: Inputs, now: Date) -> [Review] {
        let runsByThread = Dictionary(grouping: inputs.runs.filter { $0.system == .review && $0.threadID != nil }) { $0.threadID ?? "" }
        return inputs.reviews.prefix(listLimit).map { review in
            let runs = review.codexThreadID.flatMap { runsByThread[$0] } ?? []
            return Review(
                project: inputs.names.name(review.forge, review.projectID),
                mergeRequest: ProjectNames.reference(review.forge, review.mergeRequestIID),
                link: inputs.names.link(review.forge, review.projectID, review.mergeRequestIID),
                sha: String(review.headSHA.prefix(12)),
                state: review.state.rawValue,
                findings: review.findings.map(String.init) ?? "-",
                tokens: review.inputTokens + review.outputTokens,
                cost: runs.isEmpty ? "unknown" : RunText.cost(inputs.prices.cost(of: runs.map { (model: $0.model, tokens: $0.tokens) })),
                duration: runs.isEmpty ? "-" : RunText.duration(runs.reduce(0) { $0 + $1.durationSeconds }),
                age: age(from: review.createdAt, to: now)
            )
        }
    }

    /// The gateway's newest turns, newest first.
    static func turns(_ inputs: Inputs, now: Date) -> [Turn] {
        inputs.runs.filter { $0.system == .gateway }.suffix(listLimit).reversed().map { run in
            Turn(
                model: run.model,
                tokens: run.tokens.total,
                cost: RunText.cost(inputs.prices.cost(of: run.tokens, model: run.model)),
                duration: RunText.duration(run.durationSeconds),
                outcome: run.outcome,
                failed: run.outcome != CodexRun.completed,
                age: age(from: run.finishedAt, to: now)
            )
        }
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
