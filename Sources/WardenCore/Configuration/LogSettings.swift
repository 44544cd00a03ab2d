public import Logging

/// How log lines are written: one JSON object per line, or readable text.
public enum LogFormat: String, Sendable, CaseIterable {
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
    public static let defaultLevel: Logger.Level = .info

    /// Creates settings from values that are already valid.
    public init(format: LogFormat, level: Logger.Level = Self.defaultLevel) {
        self.format = format
        self.level = level
    }

    init(from sources: ConfigurationSources, host: ConfigurationHost) throws(ConfigurationError) {
        let formatForm = LogFormat.allCases.map(\.rawValue).joined(separator: " | ")
        let levelForm = Logger.Level.allCases.map(\.rawValue).joined(separator: " | ")
        self.init(
            format: try sources.parsed(.logFormat, expected: formatForm, LogFormat.init(rawValue:))
                ?? (host.standardErrorIsTerminal ? .text : .json),
            level: try sources.parsed(.logLevel, expected: levelForm, Logger.Level.init(rawValue:)) ?? Self.defaultLevel
        )
    }
}
