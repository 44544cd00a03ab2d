public import Logging

/// How log lines are written: one JSON object per line, or readable text.
public enum LogFormat: String, Sendable, CaseIterable, Codable {
    /// One JSON object per line, for log collectors.
    case json
    /// Readable lines, for a terminal.
    case text
}

/// The `log` section: format and minimum level.
public struct LogSettings: Sendable, Equatable {
    /// The line format; the default is text on a terminal, JSON otherwise.
    public var format: LogFormat
    /// The lowest level that is written.
    public var level: Logger.Level

    /// The level when nothing is configured.
    public static let defaultLevel: Logger.Level = WardenConfiguration.Registry.logLevel.defaultValue

    /// Creates settings from values that are already valid.
    public init(format: LogFormat, level: Logger.Level = Self.defaultLevel) {
        self.format = format
        self.level = level
    }

    init(from values: ConfigurationValues) throws(ConfigurationError) {
        self.init(
            format: try values.value(WardenConfiguration.Registry.logFormat) ?? (values.host.standardErrorIsTerminal ? .text : .json),
            level: try values.value(WardenConfiguration.Registry.logLevel)
        )
    }
}
