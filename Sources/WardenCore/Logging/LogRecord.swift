import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One log event with everything merged that both line formats print.
struct LogRecord {
    /// UTC time with milliseconds, `2025-01-31T12:00:00.123Z`.
    let timestamp: String
    let level: Logger.Level
    let label: String
    let message: String
    /// Handler metadata, then the metadata provider's, then the call's, later ones winning.
    let metadata: Logger.Metadata
    let error: String?

    init(event: LogEvent, label: String, handlerMetadata: Logger.Metadata, provider: Logger.MetadataProvider?) {
        var merged = handlerMetadata
        if let provided = provider?.get() { merged.merge(provided) { _, new in new } }
        if let metadata = event.metadata { merged.merge(metadata) { _, new in new } }
        self.timestamp = Self.now()
        self.level = event.level
        self.label = label
        self.message = event.message.description
        self.metadata = merged
        self.error = event.error.map { "\($0)" }
    }

    private static func now() -> String {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        var seconds = time.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-" + padded(Int(parts.tm_mday), 2)
            + "T" + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2) + ":" + padded(Int(parts.tm_sec), 2)
            + "." + padded(Int(time.tv_nsec) / 1_000_000, 3) + "Z"
    }
}
