import Forge
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
public import Store
public import WardenCore
import WardenHTTP

/// `POST /webhooks/github`: verifies, decodes, classifies and durably enqueues GitHub deliveries, as
/// ``GitLabWebhookReceiver`` does for GitLab.
///
/// GitHub gives a hook 10 seconds and marks a delivery failed after that, so the receiver answers at once: the job is
/// committed before the 202, and anything well-formed that the bot does not act on still gets a 2xx. The signature
/// (`X-Hub-Signature-256`, an HMAC of the raw body) is checked before a byte is parsed; `X-GitHub-Delivery`, the same
/// on a redelivery, is the idempotency key.
public struct GitHubWebhookReceiver: Sendable {
    /// What the receiver needs from configuration.
    public struct Settings: Sendable {
        /// The secret GitHub signs each delivery with.
        public var webhookSecret: Secret
        /// Bodies larger than this are refused with 413 (GitHub itself caps payloads at 25 MB).
        public var maxBodyBytes: Int
        /// The bot's login (`warden-bot[bot]`), for mentions and for ignoring its own comments; without it no comment is
        /// a follow-up.
        public var botLogin: String?

        /// Creates settings.
        public init(webhookSecret: Secret, maxBodyBytes: Int, botLogin: String?) {
            self.webhookSecret = webhookSecret
            self.maxBodyBytes = maxBodyBytes
            self.botLogin = botLogin
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

    /// Adds `POST /webhooks/github` to `router`, behind the shared middleware: request metrics (which also give the
    /// acknowledgement latency) and the signature check over the raw body, whose refusals are counted and logged as
    /// deliveries.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let metrics = metrics
        let logger = logger
        let verifier = GitHubWebhookSignature.Verifier(secret: settings.webhookSecret)
        let limit = settings.maxBodyBytes
        router.group("/webhooks/github")
            .add(middleware: HTTPRequestMetrics(registry: metrics.registry).middleware(route: "webhook_github") { _, _, duration in
                metrics.acknowledged(after: duration)
            })
            .add(
                middleware: SignedBodyMiddleware(
                    maxBodyBytes: limit,
                    verify: { headers, body in
                        body.withUnsafeReadableBytes { verifier.isValid(headers[.githubSignature], body: $0) }
                    },
                    tooLarge: { request in
                        metrics.delivery(event: GitHubWebhookEventKind(header: request.headers[.githubEvent]), outcome: .tooLarge(limit: limit))
                        return WebhookOutcome.tooLarge(limit: limit).error ?? WebhookOutcome.unauthorizedError
                    },
                    refusal: { request in
                        let event = GitHubWebhookEventKind(header: request.headers[.githubEvent])
                        logger.warning("webhook refused: missing or wrong X-Hub-Signature-256", metadata: ["event": "\(event.metricLabel)"])
                        metrics.delivery(event: event, outcome: .unauthorized)
                        return WebhookOutcome.unauthorizedError
                    }
                )
            )
            .post { request, _ -> Response in
                let event = GitHubWebhookEventKind(header: request.headers[.githubEvent])
                let outcome = await self.handle(request, event: event)
                metrics.delivery(event: event, outcome: outcome)
                return outcome.response
            }
    }

    /// Runs one verified delivery (its body already read by the signature check) through decoding, classification and
    /// enqueueing.
    /// - Returns: What became of the delivery; the response and the metric labels derive from it.
    private func handle(_ request: Request, event: GitHubWebhookEventKind) async -> WebhookOutcome {
        let body: ByteBuffer
        switch await intake.body(of: request) {
        case .read(let read): body = read
        case .refused(let refusal): return refusal
        }
        let decoded: GitHubWebhookEvent
        do {
            decoded = try GitHubWebhookDecoder.decode(body: Data(body.readableBytesView), eventHeader: request.headers[.githubEvent])
        } catch {
            logger.info("webhook rejected as malformed", metadata: ["event": "\(event.metricLabel)", "reason": "\(error)"])
            return .malformed(reason: "\(error)")
        }
        if case .ping = decoded {
            logger.info("webhook ping answered")
            return .ignored(reason: "ping")
        }
        let decision = GitHubEventClassifier.classify(decoded, botLogin: settings.botLogin)
        do {
            return try await act(on: decision, deliveryID: request.headers[.githubDelivery], event: event)
        } catch {
            // Nothing was committed, so a 5xx leaves the delivery for a redelivery: it is not lost.
            logger.error("webhook could not be enqueued", metadata: ["event": "\(event.metricLabel)", "error": "\(error)"])
            return .error
        }
    }

    private func act(on decision: GitHubDecision, deliveryID: String?, event: GitHubWebhookEventKind) async throws -> WebhookOutcome {
        let job: NewJob
        switch decision {
        case .ignore(let reason):
            logger.info("webhook ignored", metadata: ["event": "\(event.metricLabel)", "reason": "\(reason)"])
            return .ignored(reason: reason.metricLabel)
        case .review(let target):
            let repository = target.repository
            if try await reviews.isReviewed(forge: .github, projectID: repository.id, mergeRequestIID: target.number, headSHA: target.headSHA) {
                logger.info(
                    "webhook ignored",
                    metadata: [
                        "event": "\(event.metricLabel)", "reason": "head \(target.headSHA) already reviewed",
                        "repository": "\(repository.fullName)", "pr": "\(target.number)",
                    ]
                )
                return .ignored(reason: "already_reviewed")
            }
            job = target.job
        case .followUp(let target):
            job = target.job
        }
        let outcome = try await intake.enqueue(job, idempotencyKey: deliveryID)
        if outcome == .enqueued, case .review(let target) = decision { prewarm?.submit(.github(target)) }
        return outcome
    }
}

extension HTTPField.Name {
    static let githubSignature = Self(GitHubWebhookSignature.headerName)!
    static let githubEvent = Self("X-GitHub-Event")!
    static let githubDelivery = Self("X-GitHub-Delivery")!
}
