public import Foundation
public import Store
import WardenCore

/// How `warden queue list` prints jobs: a table for people, one JSON array for machines.
public enum JobListRendering {
    /// One JSON array of ``JobView`` objects (`id`, `kind`, `forge`, `repository`, `state`, `attempts`, `last_error`,
    /// `created_at`, …): every key present, `null` when empty, dates in ISO 8601. Each object also carries the Codex
    /// seat's hold in force, `seat_hold_until` and `seat_hold_reason` (`null` without one): a held seat is why pending
    /// jobs do not start.
    /// - Parameters:
    ///   - jobs: the jobs.
    ///   - seatHold: the seat hold in force, if any.
    /// - Throws: `EncodingError` only if a record cannot be encoded.
    public static func json(_ jobs: [JobRecord], seatHold: SeatHold? = nil) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(jobs.map { HeldJobView(view: JobView($0), hold: seatHold) }), as: UTF8.self)
    }

    /// The keys each job object of ``json(_:seatHold:)`` carries beyond ``JobView/keys``.
    public static let seatHoldKeys: Set<String> = ["seat_hold_until", "seat_hold_reason"]

    /// The line above the table while the Codex seat is held: when the hold ends and why.
    public static func seatHoldLine(_ hold: SeatHold) -> String {
        "Codex seat held, seat_hold_until \(timestamp(hold.until)): \(oneLine(hold.reason))"
    }

    /// A fixed-width table with one line per job; the last error is shortened to one line.
    public static func table(_ jobs: [JobRecord]) -> String {
        guard !jobs.isEmpty else { return "no jobs\n" }
        let header = ["ID", "FORGE", "KIND", "STATE", "ATTEMPTS", "CREATED", "LAST ERROR"]
        let rows = jobs.map { job in
            [job.id, job.forge.rawValue, job.kind.rawValue, job.state.rawValue, String(job.attempts), timestamp(job.createdAt), oneLine(job.lastError ?? "")]
        }
        let widths = header.indices.dropLast().map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column < widths.count ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0) : cell
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }.joined()
    }

    /// A timestamp in ISO 8601, UTC.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 80 ? String(flat.prefix(79)) + "…" : flat
    }
}

/// A job's view with the seat hold's keys added.
private struct HeldJobView: Encodable {
    let view: JobView
    let hold: SeatHold?

    enum CodingKeys: String, CodingKey {
        case seatHoldUntil = "seat_hold_until"
        case seatHoldReason = "seat_hold_reason"
    }

    func encode(to encoder: any Encoder) throws {
        try view.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(hold.map { JobListRendering.timestamp($0.until) }, forKey: .seatHoldUntil)
        try container.encode(hold?.reason, forKey: .seatHoldReason)
    }
}

/// Parses `--state pending,failed`.
public enum JobStateFilter {
    /// - Throws: `ValidationFailure` naming the unknown state and the accepted ones.
    public static func parse(_ text: String) throws(ValidationFailure) -> Set<JobState> {
        var states = Set<JobState>()
        for name in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
            guard let state = JobState(rawValue: name) else {
                throw ValidationFailure(
                    message: "unknown state \"\(name)\" (expected \(JobState.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            states.insert(state)
        }
        return states
    }

    /// A command-line value that cannot be used, with the reason.
    public struct ValidationFailure: Error, CustomStringConvertible, Equatable {
        /// The reason, as a sentence.
        public let message: String
        public var description: String { message }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
