/// One job as `warden queue list --json` prints it: a stable schema for scripts.
///
/// ``JobRecord``'s own JSON omits absent values; here every key is always present and an absent value is `null`,
/// so `jq '.[].last_error'` and typed decoders see the same keys for every job. The keys and formats are the
/// record's (snake_case, ISO 8601 timestamps with milliseconds), so the view has no field list of its own to drift.
public struct JobView: Sendable, Equatable, Codable {
    /// The job shown.
    public var job: JobRecord

    /// Every key an encoded view carries.
    public static let keys: Set<String> = Set(JobRecord.CodingKeys.allCases.map(\.stringValue))

    /// The view of a stored job.
    public init(_ job: JobRecord) {
        self.job = job
    }

    /// Decodes a view; a `null` or absent optional value is `nil`.
    public init(from decoder: any Decoder) throws {
        job = try JobRecord(from: decoder)
    }

    /// Encodes every key of ``keys``, absent values as `null`.
    public func encode(to encoder: any Encoder) throws {
        try job.encode(to: encoder, absentValuesAsNull: true)
    }
}
