import Forge
import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
public import Store
public import WardenCore

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
    private let queue: any JobQueue
    private let reviews: any ReviewStore
    private let metrics: WebhookMetrics
    private let wakeUp: QueueWakeUp
    private let logger: Logger

    /// Creates a receiver over the durable queue.
    ///
    /// - Parameter wakeUp: notified after each new job, to wake this process's idle workers.
    public init(
        settings: Settings,
        queue: any JobQueue,
        reviews: any ReviewStore,
        metrics: WebhookMetrics,
        wakeUp: QueueWakeUp = QueueWakeUp(),
        logger: Logger
    ) {
        self.settings = settings
        self.queue = queue
        self.reviews = reviews
        self.metrics = metrics
        self.wakeUp = wakeUp
        self.logger = logger
    }

    /// Adds `POST /webhooks/gitlab` to `router`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("/webhooks/gitlab") { request, _ -> Response in
            let started = ContinuousClock.now
            let (response, event, outcome) = await self.handle(request)
            metrics.delivery(event: event, outcome: outcome)
            metrics.acknowledged(after: ContinuousClock.now - started)
            return response
        }
    }

    /// Runs one delivery through verification, decoding, classification and enqueueing.
    /// - Returns: the response, the event label and the outcome label for metrics.
    private func handle(_ request: Request) async -> (Response, String, String) {
        let eventHeader = request.headers[.gitlabEvent]
        let eventLabel = WebhookEventLabel.label(forHeader: eventHeader)
        guard let token = request.headers[.gitlabToken], settings.webhookSecret.constantTimeEquals(token) else {
            logger.warning("webhook refused: missing or wrong X-Gitlab-Token", metadata: ["event": "\(eventLabel)"])
            return (.jsonError(.unauthorized, "unauthorized"), eventLabel, "unauthorized")
        }
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > settings.maxBodyBytes {
            return (.jsonError(.contentTooLarge, "body exceeds \(settings.maxBodyBytes) bytes"), eventLabel, "too_large")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: settings.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return (.jsonError(.contentTooLarge, "body exceeds \(settings.maxBodyBytes) bytes"), eventLabel, "too_large")
        } catch {
            logger.warning("webhook body could not be read", metadata: ["error": "\(error)"])
            return (.jsonError(.badRequest, "body could not be read"), eventLabel, "malformed")
        }
        let event: GitLabWebhookEvent
        do {
            event = try GitLabWebhookDecoder.decode(body: Data(body.readableBytesView), eventHeader: eventHeader)
        } catch {
            logger.info("webhook rejected as malformed", metadata: ["event": "\(eventLabel)", "reason": "\(error)"])
            return (.jsonError(.badRequest, "\(error)"), eventLabel, "malformed")
        }
        let decision = EventClassifier.classify(event, settings: settings.classifier)
        do {
            return try await act(on: decision, idempotencyKey: request.headers[.idempotencyKey], eventLabel: eventLabel)
        } catch {
            // Nothing was committed, so a 5xx makes GitLab deliver again: the delivery is not lost.
            logger.error("webhook could not be enqueued", metadata: ["event": "\(eventLabel)", "error": "\(error)"])
            return (.jsonError(.serviceUnavailable, "queue unavailable"), eventLabel, "error")
        }
    }

    private func act(on decision: Decision, idempotencyKey: String?, eventLabel: String) async throws -> (Response, String, String) {
        let job: NewJob
        switch decision {
        case .ignore(let reason):
            logger.info("webhook ignored", metadata: ["event": "\(eventLabel)", "reason": "\(reason)"])
            return (.ignored(reason.metricLabel), eventLabel, "ignored")
        case .review(let target):
            if try await reviews.isReviewed(projectID: target.projectID, mergeRequestIID: target.mergeRequestIID, headSHA: target.headSHA) {
                logger.info(
                    "webhook ignored",
                    metadata: ["event": "\(eventLabel)", "reason": "head \(target.headSHA) already reviewed", "mr": "\(target.mergeRequestIID)"]
                )
                return (.ignored("already_reviewed"), eventLabel, "ignored")
            }
            job = target.job
        case .followUp(let target):
            job = target.job
        }
        let outcome = try await queue.enqueue(job, idempotencyKey: idempotencyKey)
        switch outcome {
        case .enqueued:
            wakeUp.notify()
            logger.info("job enqueued", metadata: ["job": "\(job.id)"])
            return (Response(status: .accepted), eventLabel, "enqueued")
        case .duplicate:
            logger.debug("delivery deduplicated", metadata: ["job": "\(job.id)"])
            return (Response(status: .accepted), eventLabel, "duplicate")
        }
    }
}

/// Maps the `X-Gitlab-Event` header to a low-cardinality metric label.
enum WebhookEventLabel {
    static func label(forHeader header: String?) -> String {
        switch header {
        case "Merge Request Hook": "merge_request"
        case "Note Hook", "Confidential Note Hook": "note"
        case nil: "none"
        default: "other"
        }
    }
}

extension HTTPField.Name {
    static let gitlabToken = Self("X-Gitlab-Token")!
    static let gitlabEvent = Self("X-Gitlab-Event")!
    static let idempotencyKey = Self("Idempotency-Key")!
}

extension Response {
    /// A short JSON error body (`{"error":"…"}`) that gives no hint beyond the reason.
    static func jsonError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = (try? JSONEncoder().encode(["error": message])) ?? Data(#"{"error":"error"}"#.utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    /// 200 with a tiny JSON body naming why the delivery was ignored (GitLab shows it under "Recent events").
    static func ignored(_ reason: String) -> Response {
        let body = (try? JSONEncoder().encode(["ignored": reason])) ?? Data()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
