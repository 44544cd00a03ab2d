public import WardenCore

/// The gateway's own settings, read from `WARDEN_GATEWAY_*` variables: admission, timeouts,
/// keep-alives and the model table. The API key itself is `gateway.api_key` in
/// `WardenConfiguration`.
public struct ChatGatewaySettings: Sendable, Equatable {
    /// How many codex turns run at once (`WARDEN_GATEWAY_MAX_CONCURRENT_TURNS`, default 4).
    public var maxConcurrentTurns: Int
    /// How many requests may wait for a turn slot (`WARDEN_GATEWAY_MAX_QUEUED`, default 64).
    public var maxQueuedRequests: Int
    /// How long a request waits for a slot before 429 (`WARDEN_GATEWAY_QUEUE_TIMEOUT`, default 30s).
    public var queueTimeout: Duration
    /// The wall-clock limit of one request before 504 (`WARDEN_GATEWAY_REQUEST_TIMEOUT`, default 300s).
    public var requestTimeout: Duration
    /// The silence after which a stream gets a keep-alive comment (`WARDEN_GATEWAY_KEEPALIVE`, default 15s).
    public var keepAliveInterval: Duration
    /// Model aliases, `alias → codex model` (`WARDEN_GATEWAY_MODEL_ALIASES`, `fast=gpt-5.5,deep=gpt-6-astra`).
    public var modelAliases: [String: String]
    /// Models listed when codex's catalogue cannot be read (`WARDEN_GATEWAY_MODELS`, comma-separated;
    /// default: the configured codex model).
    public var models: [String]
    /// How many thread shapes (model and instructions) keep a thread started ahead of the next
    /// request, which then skips `thread/start` (`WARDEN_GATEWAY_SPARE_THREADS`, default 4; 0: none).
    public var spareThreadShapes: Int
    /// After how many turns the worker is replaced, at its next idle moment, to give back the memory of
    /// the threads codex keeps loaded (`WARDEN_GATEWAY_RECYCLE_AFTER`, default 500; 0: never).
    public var recycleAfterTurns: Int

    /// The shortest gateway key accepted.
    public static let minimumKeyLength = 16

    /// Creates settings from explicit values.
    public init(
        maxConcurrentTurns: Int = 4,
        maxQueuedRequests: Int = 64,
        queueTimeout: Duration = .seconds(30),
        requestTimeout: Duration = .seconds(300),
        keepAliveInterval: Duration = .seconds(15),
        modelAliases: [String: String] = [:],
        models: [String] = [],
        spareThreadShapes: Int = 4,
        recycleAfterTurns: Int = 500
    ) {
        self.maxConcurrentTurns = maxConcurrentTurns
        self.maxQueuedRequests = maxQueuedRequests
        self.queueTimeout = queueTimeout
        self.requestTimeout = requestTimeout
        self.keepAliveInterval = keepAliveInterval
        self.modelAliases = modelAliases
        self.models = models
        self.spareThreadShapes = spareThreadShapes
        self.recycleAfterTurns = recycleAfterTurns
    }

    /// Reads the settings from environment variables.
    ///
    /// - Parameter environment: the process environment.
    /// - Throws: ``ConfigurationError`` naming the variable at fault.
    public init(environment: [String: String]) throws(ConfigurationError) {
        self.init()
        if let text = environment["WARDEN_GATEWAY_MAX_CONCURRENT_TURNS"] {
            maxConcurrentTurns = try Self.integer(text, key: "WARDEN_GATEWAY_MAX_CONCURRENT_TURNS", in: 1...1024)
        }
        if let text = environment["WARDEN_GATEWAY_MAX_QUEUED"] {
            maxQueuedRequests = try Self.integer(text, key: "WARDEN_GATEWAY_MAX_QUEUED", in: 0...100_000)
        }
        if let text = environment["WARDEN_GATEWAY_QUEUE_TIMEOUT"] {
            queueTimeout = try Self.duration(text, key: "WARDEN_GATEWAY_QUEUE_TIMEOUT")
        }
        if let text = environment["WARDEN_GATEWAY_REQUEST_TIMEOUT"] {
            requestTimeout = try Self.duration(text, key: "WARDEN_GATEWAY_REQUEST_TIMEOUT")
        }
        if let text = environment["WARDEN_GATEWAY_KEEPALIVE"] {
            keepAliveInterval = try Self.duration(text, key: "WARDEN_GATEWAY_KEEPALIVE")
        }
        if let text = environment["WARDEN_GATEWAY_MODEL_ALIASES"] {
            modelAliases = try Self.aliases(text, key: "WARDEN_GATEWAY_MODEL_ALIASES")
        }
        if let text = environment["WARDEN_GATEWAY_MODELS"] {
            models = try Self.names(text, key: "WARDEN_GATEWAY_MODELS")
        }
        if let text = environment["WARDEN_GATEWAY_SPARE_THREADS"] {
            spareThreadShapes = try Self.integer(text, key: "WARDEN_GATEWAY_SPARE_THREADS", in: 0...64)
        }
        if let text = environment["WARDEN_GATEWAY_RECYCLE_AFTER"] {
            recycleAfterTurns = try Self.integer(text, key: "WARDEN_GATEWAY_RECYCLE_AFTER", in: 0...10_000_000)
        }
    }

    /// Refuses an exposed or weak configuration: no key on a non-loopback address, or a key shorter
    /// than ``minimumKeyLength``.
    ///
    /// - Parameters:
    ///   - apiKey: the configured key.
    ///   - host: the address the gateway binds.
    /// - Throws: ``ConfigurationError`` naming `WARDEN_GATEWAY_API_KEY`.
    public static func checkExposure(apiKey: Secret?, host: String) throws(ConfigurationError) {
        guard let apiKey else {
            guard isLoopback(host) else {
                throw .missingValue(
                    key: "WARDEN_GATEWAY_API_KEY",
                    expected: "a key of at least \(minimumKeyLength) characters when listening on \(host), which is not loopback"
                )
            }
            return
        }
        guard apiKey.exposedValue.count >= minimumKeyLength else {
            throw .invalidValue(
                key: "WARDEN_GATEWAY_API_KEY",
                problem: "is shorter than \(minimumKeyLength) characters",
                expected: "a random key of at least \(minimumKeyLength) characters"
            )
        }
    }

    /// Whether `host` is a loopback address or name.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    static func integer(_ text: String, key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let value = Int(text.trimmingWhitespace), range.contains(value) else {
            throw .invalidValue(key: key, problem: "is \"\(text.escapedForMessage)\"", expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Parses `500ms`, `30s`, `5m`, `1h` or a bare number of seconds; zero and negatives are refused.
    static func duration(_ text: String, key: String) throws(ConfigurationError) -> Duration {
        let trimmed = text.trimmingWhitespace
        let units: [(suffix: String, milliseconds: Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        var number = trimmed
        var scale = 1000.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = String(trimmed.dropLast(unit.suffix.count))
            scale = unit.milliseconds
            break
        }
        guard let value = Double(number), value > 0, value * scale <= 86_400_000 else {
            throw .invalidValue(key: key, problem: "is \"\(text.escapedForMessage)\"", expected: "a positive duration such as 500ms, 30s, 5m (at most 24h)")
        }
        return .milliseconds(Int64((value * scale).rounded()))
    }

    static func aliases(_ text: String, key: String) throws(ConfigurationError) -> [String: String] {
        var result: [String: String] = [:]
        for entry in text.split(separator: ",") {
            let parts = entry.split(separator: "=", maxSplits: 1).map { String($0).trimmingWhitespace }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, result[parts[0]] == nil else {
                throw .invalidValue(
                    key: key, problem: "has the entry \"\(String(entry).escapedForMessage)\"",
                    expected: "comma-separated alias=model pairs, each alias once"
                )
            }
            result[parts[0]] = parts[1]
        }
        return result
    }

    static func names(_ text: String, key: String) throws(ConfigurationError) -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
            throw .invalidValue(key: key, problem: "is \"\(text.escapedForMessage)\"", expected: "comma-separated model names")
        }
        return names
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
