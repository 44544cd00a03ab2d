import Forge
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
public import Store
public import WardenCore
import WardenHTTP

/// `POST /webhooks/gitlab`: verifies, decodes, classifies and durably enqueues GitLab deliveries.
///
/// GitLab gives a hook 10 seconds, retries after a timeout and disables a hook after four failures in a row, so the
/// receiver answers at once: the job is committed to the store before the 202, and anything well-formed that the bot
/// does not act on still gets a 2xx.
public struct GitLabWebhookReceiver: Sendable {
    /// What the receiver needs from configuration.
    public struct Settings: Sendable {
        /// The `X-Gitlab-Token` every delivery must carry.
        public var webhookSecret: Secret
        /// Bodies larger than this are refused with 413 (GitLab itself caps bodies at 25 MB).
        public var maxBodyBytes: Int
        /// Who the bot is, for mentions and for ignoring its own notes.
        public var classifier: ClassifierSettings

        /// Creates settings.
        public init(webhookSecret: Secret, maxBodyBytes: Int, classifier: ClassifierSettings) {
            self.webhookSecret = webhookSecret
            self.maxBodyBytes = maxBodyBytes
            self.classifier = classifier
        }
    }

    private let settings: Settings
    private let intake: WebhookIntake
    private let reviews: any ReviewStore
    private let metrics: WebhookMetrics
    private let prewarm: PrewarmRequests?
    private let logger: Logger

    /// Creates a receiver over the durable queue.
    ///
    /// - Parameters:
    ///   - wakeUp: notified after each new job, to wake this process's idle workers.
    ///   - prewarm: given the head of each new review job, to fetch it before a worker asks (``RepositoryPrewarmer``).
    public init(
        settings: Settings,
        queue: any JobQueue,
        reviews: any ReviewStore,
        metrics: WebhookMetrics,
        wakeUp: QueueWakeUp = QueueWakeUp(),
        prewarm: PrewarmRequests? = nil,
        logger: Logger
    ) {
        self.settings = settings
        self.intake = WebhookIntake(queue: queue, wakeUp: wakeUp, maxBodyBytes: settings.maxBodyBytes, logger: logger)
        self.reviews = reviews
        self.metrics = metrics
        self.prewarm = prewarm
        self.logger = logger
    }

    /// Adds `POST /webhooks/gitlab` to `router`, behind the shared middleware: request metrics (which also give the
    /// acknowledgement latency) and the `X-Gitlab-Token` check, whose refusal is counted and logged as a delivery.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let metrics = metrics
        let logger = logger
        router.group("/webhooks/gitlab")
            .add(middleware: HTTPRequestMetrics(registry: metrics.registry).middleware(route: "webhook_gitlab") { _, _, duration in
                metrics.acknowledged(after: duration)
            })
            .add(middleware: SharedSecretMiddleware(secret: settings.webhookSecret, carrier: .header(.gitlabToken)) { request in
                let event = WebhookEventKind(header: request.headers[.gitlabEvent])
                logger.warning("webhook refused: missing or wrong X-Gitlab-Token", metadata: ["event": "\(event.metricLabel)"])
                metrics.delivery(event: event, outcome: .unauthorized)
                return WebhookOutcome.unauthorizedError
            })
            .post { request, _ -> Response in
                let event = WebhookEventKind(header: request.headers[.gitlabEvent])
                let outcome = await self.handle(request, event: event)
                metrics.delivery(event: event, outcome: outcome)
                return outcome.response
            }
    }

    /// Runs one authenticated delivery through decoding, classification and enqueueing.
    /// - Returns: What became of the delivery; the response and the metric labels derive from it.
    private func handle(_ request: Request, event: WebhookEventKind) async -> WebhookOutcome {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > settings.maxBodyBytes {
            return .tooLarge(limit: settings.maxBodyBytes)
        }
        let body: ByteBuffer
        switch await intake.body(of: request) {
        case .read(let read): body = read
        case .refused(let refusal): return refusal
        }
        let decoded: GitLabWebhookEvent
        do {
            decoded = try GitLabWebhookDecoder.decode(body: Data(body.readableBytesView), eventHeader: request.headers[.gitlabEvent])
        } catch {
            logger.info("webhook rejected as malformed", metadata: ["event": "\(event.metricLabel)", "reason": "\(error)"])
            return .malformed(reason: "\(error)")
        }
        let decision = EventClassifier.classify(decoded, settings: settings.classifier)
        do {
            return try await act(on: decision, idempotencyKey: request.headers[.idempotencyKey], event: event)
        } catch {
            // Nothing was committed, so a 5xx makes GitLab deliver again: the delivery is not lost.
            logger.error("webhook could not be enqueued", metadata: ["event": "\(event.metricLabel)", "error": "\(error)"])
            return .error
        }
    }

    private func act(on decision: Decision, idempotencyKey: String?, event: WebhookEventKind) async throws -> WebhookOutcome {
        let job: NewJob
        switch decision {
        case .ignore(let reason):
            logger.info("webhook ignored", metadata: ["event": "\(event.metricLabel)", "reason": "\(reason)"])
            return .ignored(reason: reason.metricLabel)
        case .review(let target):
            if try await reviews.isReviewed(forge: .gitlab, projectID: target.projectID, mergeRequestIID: target.mergeRequestIID, headSHA: target.headSHA) {
                logger.info(
                    "webhook ignored",
                    metadata: [
                        "event": "\(event.metricLabel)", "reason": "head \(target.headSHA) already reviewed", "mr": "\(target.mergeRequestIID)",
                    ]
                )
                return .ignored(reason: "already_reviewed")
            }
            job = target.job
        case .followUp(let target):
            job = target.job
        }
        let outcome = try await intake.enqueue(job, idempotencyKey: idempotencyKey)
        if outcome == .enqueued, case .review(let target) = decision { prewarm?.submit(.gitlab(target)) }
        return outcome
    }
}

extension HTTPField.Name {
    static let gitlabToken = Self("X-Gitlab-Token")!
    static let gitlabEvent = Self("X-Gitlab-Event")!
    static let idempotencyKey = Self("Idempotency-Key")!
}
