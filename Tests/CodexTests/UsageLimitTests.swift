import Foundation
import Testing

@testable import Codex

/// The usage-limit classifier over the messages codex 0.163 prints (``UsageLimit/classify(message:now:timeZone:)``) and
/// the app-server's `codexErrorInfo`.
@Suite("UsageLimit")
struct UsageLimitTests {
    /// 2026-12-07 10:30:15 UTC.
    static let now = Date(timeIntervalSince1970: 1_796_639_415)
    static let utc = TimeZone(identifier: "UTC")!
    static let kolkata = TimeZone(identifier: "Asia/Kolkata")!

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let message: String
        var timeZone: TimeZone = UsageLimitTests.utc
        let kind: UsageLimit.Kind?
        var resetsAt: Date? = nil
        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(
            name: "plan limit with a time of day (the end of the named minute)",
            message: "You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits or try again at 11:12 AM.",
            kind: .plan,
            resetsAt: Date(timeIntervalSince1970: 1_796_641_980)
        ),
        Row(
            name: "plan limit in codex's time zone (Asia/Kolkata, +05:30)",
            message: "You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro) or try again at 4:42 PM.",
            timeZone: kolkata,
            kind: .plan,
            resetsAt: Date(timeIntervalSince1970: 1_796_641_980)
        ),
        Row(
            name: "plan limit with a date",
            message: "You’ve hit your usage limit. Upgrade to Pro (https://chatgpt.com/explore/pro), visit https://chatgpt.com/settings/usage to purchase more credits or try again at Dec 9th, 2026 6:45 PM.",
            kind: .plan,
            resetsAt: Date(timeIntervalSince1970: 1_796_841_960)
        ),
        Row(
            name: "plan limit with the 1st of a month",
            message: "You’ve hit your usage limit. Try again at Jan 1st, 2027 12:05 AM.",
            kind: .plan,
            resetsAt: Date(timeIntervalSince1970: 1_798_761_960)
        ),
        Row(
            name: "plan limit at a time before now is tomorrow",
            message: "You’ve hit your usage limit. Try again at 12:05 AM.",
            kind: .plan,
            resetsAt: Date(timeIntervalSince1970: 1_796_688_360)
        ),
        Row(name: "plan limit without a reset time", message: "You’ve hit your usage limit. Try again later.", kind: .plan),
        Row(name: "plan limit by its error type", message: #"{"error":{"type":"usage_limit_reached"}}"#, kind: .plan),
        Row(name: "API key quota", message: "Quota exceeded. Check your plan and billing details.", kind: .quota),
        Row(name: "API key quota in the provider's words", message: "You exceeded your current quota, please check your plan.", kind: .quota),
        Row(name: "429 after codex's retries", message: "exceeded retry limit, last status: 429 Too Many Requests", kind: .rateLimit),
        Row(name: "the provider's rate-limit code", message: #"{"error":{"code":"rate_limit_exceeded"}}"#, kind: .rateLimit),
        Row(name: "401 is not a limit", message: "unexpected status 401 Unauthorized: Incorrect API key provided", kind: nil),
        Row(name: "a port with 429 in it is not a limit", message: "Connection failed: error sending request for url (http://127.0.0.1:14290/v1)", kind: nil),
        Row(name: "500 is not a limit", message: "We’re currently experiencing high demand, which may cause temporary errors.", kind: nil),
    ]

    @Test("recognises the usage limits codex prints, with the reset time in codex's time zone", arguments: rows)
    func classifies(_ row: Row) {
        let limit = UsageLimit.classify(message: row.message, now: Self.now, timeZone: row.timeZone)
        #expect(limit?.kind == row.kind)
        #expect(limit?.resetsAt == row.resetsAt)
    }

    struct InfoRow: Sendable, CustomTestStringConvertible {
        let name: String
        let info: String?
        var status: Int? = nil
        var message = "failed"
        let kind: UsageLimit.Kind?
        var testDescription: String { name }
    }

    @Test(
        "recognises usage limits in the app-server's codexErrorInfo",
        arguments: [
            InfoRow(name: "usageLimitExceeded", info: "usageLimitExceeded", kind: .plan),
            InfoRow(name: "rateLimitExceeded", info: "rateLimitExceeded", kind: .rateLimit),
            InfoRow(name: "insufficientQuota", info: "insufficientQuota", kind: .quota),
            InfoRow(name: "an object with HTTP 429", info: "responseStreamDisconnected", status: 429, kind: .rateLimit),
            InfoRow(name: "internalServerError", info: "internalServerError", kind: nil),
            InfoRow(name: "no info, a quota message", info: nil, message: "Quota exceeded.", kind: .quota),
        ]
    )
    func classifiesErrorInfo(_ row: InfoRow) {
        let limit = UsageLimit.classify(codexErrorInfo: row.info, httpStatusCode: row.status, message: row.message, now: Self.now, timeZone: Self.utc)
        #expect(limit?.kind == row.kind)
    }
}
