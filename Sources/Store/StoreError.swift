import WardenCore

/// A store operation that could not be done, with the context an operator needs.
public struct StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable {
        case notFound = "not_found"
        case leaseLost = "lease_lost"
        case invalidTransition = "invalid_transition"
        case invalidArgument = "invalid_argument"
        case busy = "busy"
        case corruptRecord = "corrupt_record"
        case database = "database"
    }

    private let code: Code
    private let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// No job has this id.
    public static func notFound(id: String) -> Self {
        Self(.notFound, "no job has the id \"\(id.escapedForMessage)\"")
    }

    /// The worker no longer holds the job: it finished, or its lease expired and another worker claimed it.
    public static func leaseLost(id: String, owner: String, state: JobState, holder: String?) -> Self {
        let now = holder.map { "\(state.rawValue) under \($0.escapedForMessage)" } ?? state.rawValue
        return Self(.leaseLost, "job \(id.escapedForMessage) is no longer held by \(owner.escapedForMessage); it is \(now)")
    }

    /// The holder no longer holds the seat: its lease expired and another holder took the seat over.
    public static func seatLost(_ lease: SeatLease) -> Self {
        Self(.leaseLost, "seat \(lease.seat) of \(lease.pool.escapedForMessage) is no longer held by \(lease.owner.escapedForMessage)")
    }

    /// The holder no longer holds a scheduled run: its lease expired and another replica claimed a later due time.
    public static func scheduledRunLost(schedule: String, owner: String) -> Self {
        Self(.leaseLost, "the scheduled run of \(schedule.escapedForMessage) is no longer held by \(owner.escapedForMessage)")
    }

    /// Whether the error says a job or seat lease is no longer held.
    public var isLeaseLost: Bool { code == .leaseLost }

    /// The job is in a state the operation does not apply to.
    public static func invalidTransition(id: String, state: JobState, operation: String) -> Self {
        Self(.invalidTransition, "cannot \(operation) job \(id.escapedForMessage) because it is \(state.rawValue)")
    }

    /// A caller passed a value the store does not accept.
    public static func invalidArgument(_ name: String, problem: String) -> Self {
        Self(.invalidArgument, "\(name) \(problem)")
    }

    /// Another connection or process held the database for longer than the busy timeout.
    public static func busy(operation: String) -> Self {
        Self(.busy, "the database stayed locked by another connection while trying to \(operation)")
    }

    /// A stored row holds a value this version does not understand (a newer Warden wrote it, or the file is damaged).
    public static func corruptRecord(table: String, column: String, value: String) -> Self {
        Self(.corruptRecord, "the \(table) table holds \"\(value.escapedForMessage)\" in \(column), which this version cannot read")
    }

    /// SQLite reported an error.
    public static func database(operation: String, reason: String) -> Self {
        Self(.database, "the database failed to \(operation): \(reason)")
    }

    /// A short, low-cardinality form for metric labels.
    public var metricLabel: String { code.rawValue }

    /// The error as a sentence for logs and the CLI.
    public var description: String { "store error: \(message)" }
}
