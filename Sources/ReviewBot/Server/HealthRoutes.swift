public import Codex
import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import Store
public import WardenCore

/// `GET /healthz` and `GET /readyz` for the review bot.
///
/// `/healthz` reports what an operator checks first: the process answers, the store answers, whether the queue is
/// paused (and why), whether the Codex seat is held after a usage limit (`seat_hold_until`, `seat_hold_reason`), the
/// queue depth by state, the Codex sandbox mode, the seat's usage windows (`rate_limits`, `plan_type`), a budget
/// hold (`budget_hold`: the review budget is spent, so no new job is claimed) and the scheduled remediation runs
/// (`schedule`: each entry's next run and last outcome). `/readyz` is 200 only while the store
/// answers, so a load balancer stops sending deliveries that could not be made durable.
public struct HealthRoutes: Sendable {
    private let queue: any JobQueue
    private let sandboxMode: SandboxMode
    private let seatHolds: SeatHolds?
    private let rateLimits: RateLimitMonitor?
    private let budget: CostBudget?
    private let schedule: (any ScheduledJobReporting)?
    private let logger: Logger

    /// Creates the routes.
    ///
    /// - Parameters:
    ///   - queue: the durable queue.
    ///   - sandboxMode: the Codex sandbox mode reported.
    ///   - seatHolds: the Codex seat's holds, reported while one is in force; `nil` reports none.
    ///   - rateLimits: the seat's usage windows; `nil` reports none.
    ///   - budget: the review budget, whose hold is reported; `nil`: no budget.
    ///   - schedule: the scheduled remediation runs; `nil`: none are shown.
    ///   - logger: where store trouble is logged.
    public init(
        queue: any JobQueue,
        sandboxMode: SandboxMode,
        seatHolds: SeatHolds? = nil,
        rateLimits: RateLimitMonitor? = nil,
        budget: CostBudget? = nil,
        schedule: (any ScheduledJobReporting)? = nil,
        logger: Logger
    ) {
        self.queue = queue
        self.sandboxMode = sandboxMode
        self.seatHolds = seatHolds
        self.rateLimits = rateLimits
        self.budget = budget
        self.schedule = schedule
        self.logger = logger
    }

    /// Adds `/healthz` and `/readyz` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("/healthz") { _, _ -> Response in
            let report = await self.report()
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
        var report = await storeReport()
        if let snapshot = await rateLimits?.snapshot {
            report.rateLimits = snapshot.windows.map(RateLimitReport.init)
            report.planType = snapshot.planType
        }
        report.schedule = await schedule?.scheduledJobs()
        return report
    }

    private func storeReport() async -> HealthReport {
        do {
            let pause = try await queue.pauseState()
            let counts = try await queue.counts()
            let hold = try await seatHolds?.active()
            let budgetHold = try await budget?.hold(for: .review)
            return HealthReport(
                status: "ok",
                store: "ok",
                queuePaused: pause != nil,
                pauseReason: pause?.reason,
                seatHoldUntil: hold.map { JobListRendering.timestamp($0.until) },
                seatHoldReason: hold?.reason,
                queue: Dictionary(uniqueKeysWithValues: JobState.allCases.map { ($0.rawValue, counts[$0] ?? 0) }),
                sandboxMode: sandboxMode.rawValue,
                budgetHold: budgetHold.map(HealthReport.Hold.init)
            )
        } catch {
            logger.warning("health check: store unavailable", metadata: ["error": "\(error)"])
            return HealthReport(
                status: "degraded", store: "error", queuePaused: nil, pauseReason: nil, seatHoldUntil: nil, seatHoldReason: nil, queue: nil,
                sandboxMode: sandboxMode.rawValue, budgetHold: nil
            )
        }
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
