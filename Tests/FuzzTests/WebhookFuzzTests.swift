import Forge
import Foundation
import ReviewBot
import Testing
import WardenTestSupport

/// Fuzzes the webhook decoder and the classifier behind it with real deliveries, structurally mutated and byte-mutated.
///
/// Invariants: decoding returns an event or a ``WebhookDecodingError`` (the typed throw guarantees the type), an empty
/// body is the only `emptyBody`, any JSON object decodes (GitLab disables a hook after a few 4xx answers), and a
/// delivery re-serialized with other key order and whitespace decodes to the same event.
@Suite("Webhook decoder and classifier fuzzing")
struct WebhookFuzzTests {
    static let deliveries = [
        "gitlab/docs_webhook_merge_request_open.json", "gitlab/docs_webhook_note_merge_request.json", "gitlab/mr_open_docs_derived.json",
        "gitlab/note_issue_docs_derived_IGNORE.json", "gitlab/note_mr_overview_docs_derived.json",
    ]
    static let headers: [String?] = [nil, "", "Merge Request Hook", "Note Hook", "Confidential Note Hook", "Push Hook"]
    static let settings = ClassifierSettings(botUsername: "warden-bot", botUserID: 99)
    /// Keys the decoder reads, so mutations add and retype the fields that matter.
    static let keys = [
        "object_kind", "object_attributes", "project", "project_id", "id", "iid", "target_project_id", "action", "state", "oldrev",
        "last_commit", "draft", "work_in_progress", "title", "changes", "previous", "current", "user", "username", "author_id",
        "note", "noteable_type", "confidential", "merge_request", "discussion_id", "type",
    ]
    static let tokens = ["{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "18446744073709551616", "\"\\ud800\"", "\\u0000"]

    static func corpus() throws -> [[UInt8]] {
        let fixtures = try deliveries.map { try Array(SharedFixtures.data($0)) }
        return try fixtures + FuzzCorpus.entries("webhook").map(\.bytes)
    }

    /// Decodes and classifies one delivery under every header and checks the decoder's contract.
    static func check(_ body: [UInt8]) throws {
        let data = Data(body)
        let isObject = (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) is [String: Any]
        for header in headers {
            do {
                let event = try GitLabWebhookDecoder.decode(body: data, eventHeader: header)
                _ = EventClassifier.classify(event, settings: settings)
            } catch {
                try FuzzFailure.check(!isObject, "a JSON object was refused (\(error)): \(String(decoding: body, as: UTF8.self).debugDescription)")
                try FuzzFailure.check((error == .emptyBody) == body.isEmpty, "wrong error \(error) for \(body.count) bytes")
            }
        }
    }

    @Test("the corpus and the shared deliveries decode; re-serialized deliveries decode to the same event")
    func corpusReplays() throws {
        for body in try Self.corpus() {
            try Self.check(body)
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { continue }
            let original = try GitLabWebhookDecoder.decode(body: Data(body), eventHeader: nil)
            for options: JSONSerialization.WritingOptions in [[.sortedKeys], [.prettyPrinted], [.withoutEscapingSlashes]] {
                let reserialized = try JSONSerialization.data(withJSONObject: object, options: options)
                #expect(try GitLabWebhookDecoder.decode(body: reserialized, eventHeader: nil) == original)
            }
        }
    }

    @Test("structurally mutated deliveries always decode and classify", .timeLimit(.minutes(30)))
    func structuralMutations() throws {
        let objects = try Self.corpus().compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
        let report = FuzzCampaign(target: "webhook-structure", seed: 0xC0FF_EE01).run { generator in
            let object = objects[Int.random(in: 0..<objects.count, using: &generator)]
            let mutated = Self.mutate(object, depth: 0, using: &generator)
            let body = try JSONSerialization.data(withJSONObject: mutated)
            try Self.check(Array(body))
        }
        #expect(report.passed, "\(report)")
    }

    @Test("byte-mutated deliveries decode or fail with a typed error", .timeLimit(.minutes(30)))
    func byteMutations() throws {
        let corpus = try Self.corpus()
        let mutator = ByteMutator(tokens: Self.tokens, donors: corpus)
        var objects = 0
        let report = FuzzCampaign(target: "webhook-bytes", seed: 0xC0FF_EE02).run { generator in
            let body = mutator.mutated(corpus[Int.random(in: 0..<corpus.count, using: &generator)], using: &generator)
            if (try? JSONSerialization.jsonObject(with: Data(body))) is [String: Any] { objects += 1 }
            try Self.check(body)
        }
        #expect(report.passed, "\(report)")
        // Some mutants must stay JSON objects, or the "any object decodes" invariant is never exercised here.
        #expect(report.inputs < 100 || objects * 100 > report.inputs, "only \(objects) of \(report.inputs) mutants are objects")
    }

    /// `object` with some fields retyped, removed or added, recursively.
    static func mutate(_ object: [String: Any], depth: Int, using generator: inout SeededGenerator) -> [String: Any] {
        var result: [String: Any] = [:]
        for (key, value) in object {
            switch Int.random(in: 0..<16, using: &generator) {
            case 0: continue
            case 1: result[key] = randomValue(depth: depth + 1, using: &generator)
            default:
                if let nested = value as? [String: Any] {
                    result[key] = mutate(nested, depth: depth + 1, using: &generator)
                } else {
                    result[key] = value
                }
            }
        }
        if Int.random(in: 0..<4, using: &generator) == 0, let key = keys.randomElement(using: &generator) {
            result[key] = randomValue(depth: depth + 1, using: &generator)
        }
        return result
    }

    /// A random JSON value of any type, shaped like what GitLab sends.
    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> Any {
        switch Int.random(in: 0..<(depth > 3 ? 6 : 8), using: &generator) {
        case 0: return NSNull()
        case 1: return Bool.random(using: &generator)
        case 2: return [0, -1, 1, Int.max, Int.min, Int(Int32.max) + 1].randomElement(using: &generator) ?? 0
        case 3: return [0.5, -0.0, 1e300, Double.leastNonzeroMagnitude].randomElement(using: &generator) ?? 0.0
        case 4: return UInt64.max
        case 5: return ["merge_request", "note", "open", "update", "reopen", "MergeRequest", "Draft: x", "@warden-bot hi", "", HostileMarkdown.text(using: &generator)].randomElement(using: &generator) ?? ""
        case 6: return (0..<Int.random(in: 0...3, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) }
        default:
            var object: [String: Any] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                object[keys.randomElement(using: &generator) ?? "id"] = randomValue(depth: depth + 1, using: &generator)
            }
            return object
        }
    }
}
