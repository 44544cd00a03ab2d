import Forge
import Foundation
import NIOCore
import NIOHTTP1
import WardenCore

/// The requests of ``WebhookBenchmark`` as each forge sends them: GitLab's shared token and `Idempotency-Key`, or
/// GitHub's HMAC signature of every body and `X-GitHub-Delivery`.
struct SignedDeliveries: Sendable {
    /// One request to send and the status it must get.
    struct Delivery: Sendable {
        let url: String
        let body: ByteBuffer
        let headers: [(String, String)]
        let expected: HTTPResponseStatus
    }

    let forge: ForgeKind
    let url: String
    let secret: Secret
    private let signer: GitHubWebhookSignature.Verifier

    /// Deliveries of `forge` to `url`, authenticated with `secret`.
    init(forge: ForgeKind, url: String, secret: Secret) {
        self.forge = forge
        self.url = url
        self.secret = secret
        self.signer = GitHubWebhookSignature.Verifier(secret: secret)
    }

    /// A delivery the bot acknowledges and ignores: a comment without a mention.
    func ignored(_ index: Int, deliveries: WebhookDeliveries) -> Delivery {
        switch forge {
        case .gitlab: delivery(deliveries.ignoredNote(index), event: "Note Hook", key: "ignored-\(index)", expected: .ok)
        case .github: delivery(deliveries.pullRequestComment(index), event: "issue_comment", key: "ignored-\(index)", expected: .ok)
        }
    }

    /// A delivery of event `event` to store durably; redeliveries of one event carry the same key.
    func durable(_ event: Int, deliveries: WebhookDeliveries) -> Delivery {
        switch forge {
        case .gitlab: delivery(deliveries.mergeRequestOpen(event), event: "Merge Request Hook", key: "delivery-\(event)", expected: .accepted)
        case .github: delivery(deliveries.pullRequestOpened(event), event: "pull_request", key: "delivery-\(event)", expected: .accepted)
        }
    }

    private func delivery(_ body: ByteBuffer, event: String, key: String, expected: HTTPResponseStatus) -> Delivery {
        let headers: [(String, String)] =
            switch forge {
            case .gitlab: [("X-Gitlab-Event", event), ("X-Gitlab-Token", secret.exposedValue), ("Idempotency-Key", key)]
            case .github:
                [
                    ("X-GitHub-Event", event), ("X-GitHub-Delivery", key),
                    (GitHubWebhookSignature.headerName, body.withUnsafeReadableBytes { signer.header(for: $0) }),
                ]
            }
        return Delivery(url: url, body: body, headers: headers, expected: expected)
    }
}
