import Foundation

extension RateLimitSnapshot {
    /// The app-server's notification of new usage windows, sent after each model request that reported them.
    static let updatedMethod = "account/rateLimits/updated"

    /// Decodes the app-server's `rateLimits` object (`account/rateLimits/read`'s result and
    /// `account/rateLimits/updated`'s params); `nil` when absent or without a window.
    init?(_ value: JSONValue?) {
        guard let value, let data = try? JSONEncoder().encode(value),
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return nil }
        self.init(json: object)
    }
}
