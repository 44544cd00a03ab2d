import Foundation

/// The Codex seat's usage windows at one moment, and its plan type when known.
///
/// codex reports them in two spellings, both decoded here (pure, tested over what codex 0.163 writes): the `rate_limits`
/// object of a `token_count` event in a session's rollout file (`{"primary":{"used_percent":42.5,"window_minutes":300,
/// "resets_at":1796678539},…,"plan_type":null}`), and the app-server's `rateLimits` in `account/rateLimits/read` and
/// `account/rateLimits/updated` (`{"primary":{"usedPercent":43,"windowDurationMins":300,"resetsAt":1796678587},…,
/// "planType":null}`).
public struct RateLimitSnapshot: Sendable, Equatable {
    /// The windows codex reported, `primary` before `secondary`.
    public let windows: [RateLimitWindow]
    /// The ChatGPT plan (`plus`, `pro`, …), when known; `nil` with API-key authentication.
    public let planType: String?

    /// Creates a snapshot.
    public init(windows: [RateLimitWindow], planType: String?) {
        self.windows = windows
        self.planType = planType
    }

    /// Decodes either spelling from a JSON object; `nil` when it has no window.
    ///
    /// - Parameter object: the `rate_limits` or `rateLimits` object, as `JSONSerialization` gives it.
    public init?(json object: [String: Any]) {
        var windows: [RateLimitWindow] = []
        for name in ["primary", "secondary"] {
            guard let window = object[name] as? [String: Any] else { continue }
            guard let used = Self.number(window["used_percent"] ?? window["usedPercent"]) else { continue }
            let minutes = Self.number(window["window_minutes"] ?? window["windowDurationMins"]).map { Int($0) }
            let resets = Self.number(window["resets_at"] ?? window["resetsAt"]).map { Date(timeIntervalSince1970: $0) }
            windows.append(RateLimitWindow(name: name, usedPercent: used, windowMinutes: minutes, resetsAt: resets))
        }
        guard !windows.isEmpty else { return nil }
        self.init(windows: windows, planType: (object["plan_type"] ?? object["planType"]) as? String)
    }

    private static func number(_ value: Any?) -> Double? {
        guard let number = value as? NSNumber, !(value is Bool) else { return nil }
        return number.doubleValue
    }
}
