import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import Store
public import WardenCore

/// `GET /healthz` and `GET /readyz` for the review bot.
///
/// `/healthz` reports what an operator checks first: the process answers, the store answers, whether the queue is
/// paused (and why), the queue depth by state, the Codex sandbox mode and a budget hold (`budget_hold`: the review
/// budget is spent, so no new job is claimed) and the scheduled remediation runs (`schedule`: each entry's next run and
/// last outcome). `/readyz` is 200 only while the store
/// answers, so a load balancer stops sending deliveries that could not be made durable.
public struct HealthRoutes: Sendable {
    private let queue: any JobQueue
    private let sandboxMode: SandboxMode
    private let budget: CostBudget?
    private let schedule: (any ScheduledJobReporting)?
    private let logger: Logger

    /// Creates the routes; `schedule` reports the scheduled remediation runs (`nil`: none are shown).
    public init(
        queue: any JobQueue, sandboxMode: SandboxMode, budget: CostBudget? = nil, schedule: (any ScheduledJobReporting)? = nil, logger: Logger
    ) {
        self.queue = queue
        self.sandboxMode = sandboxMode
        self.budget = budget
        self.schedule = schedule
        self.logger = logger
    }

    /// Adds `/healthz` and `/readyz` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ -> Response in
            var report = await self.report()
            report.schedule = await schedule?.scheduledJobs()
            return Response.json(report, status: report.store == "ok" ? .ok : .serviceUnavailable)
        }
        router.get("/readyz") { _, _ -> Response in
            do {
                _ = try await queue.pauseState()
                return Response.json(["status": "ready"], status: .ok)
            } catch {
                logger.warning("not ready: store unavailable", metadata: ["error": "\(error)"])
                return Response.json(["status": "store unavailable"], status: .serviceUnavailable)
            }
        }
    }

    private func report() async -> HealthReport {
        do {
            let pause = try await queue.pauseState()
            let counts = try await queue.counts()
            let hold = try await budget?.hold(for: .review)
            return HealthReport(
                status: "ok",
                store: "ok",
                queuePaused: pause != nil,
                pauseReason: pause?.reason,
                queue: Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
                sandboxMode: sandboxMode.rawValue,
                budgetHold: hold.map(HealthReport.Hold.init)
            )
        } catch {
            logger.warning("health check: store unavailable", metadata: ["error": "\(error)"])
            return HealthReport(
                status: "degraded", store: "error", queuePaused: nil, pauseReason: nil, queue: nil, sandboxMode: sandboxMode.rawValue, budgetHold: nil
            )
        }
    }
}

/// The `/healthz` body.
struct HealthReport: Codable, Sendable {
    var status: String
    var store: String
    var queuePaused: Bool?
    var pauseReason: String?
    var queue: [String: Int]?
    var sandboxMode: String
    var budgetHold: Hold?
    /// The scheduled remediation runs, when `warden serve` has any.
    var schedule: [ScheduledJobStatus]?

    /// A budget hold as `/healthz` shows it.
    struct Hold: Codable, Sendable {
        var system: String
        var reason: String
        var spentUSD: Double
        var budgetUSD: Double
        var until: String

        init(_ hold: BudgetHold) {
            system = hold.system.rawValue
            reason = hold.reason
            spentUSD = hold.spentUSD
            budgetUSD = hold.budgetUSD
            until = ISO8601DateFormatter().string(from: hold.until)
        }

        enum CodingKeys: String, CodingKey {
            case system, reason, until
            case spentUSD = "spent_usd"
            case budgetUSD = "budget_usd"
        }
    }

    enum CodingKeys: String, CodingKey {
        case status, store, queue, schedule
        case queuePaused = "queue_paused"
        case pauseReason = "pause_reason"
        case sandboxMode = "sandbox_mode"
        case budgetHold = "budget_hold"
    }
}

extension Response {
    /// A JSON response with sorted keys.
    static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
