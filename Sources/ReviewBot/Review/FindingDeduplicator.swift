public import WardenCore
public import Forge

/// Remembers which findings are already on the merge request, so a re-review or a retried job does not post one
/// twice, and a model that repeats itself within one answer is heard once.
public struct FindingDeduplicator: Sendable, Hashable {
    /// The fingerprints already posted (or admitted in this run).
    public private(set) var knownFingerprints: Set<FindingFingerprint>

    /// Creates a deduplicator that knows some fingerprints.
    public init(knownFingerprints: Set<FindingFingerprint> = []) {
        self.knownFingerprints = knownFingerprints
    }

    /// Creates a deduplicator from the merge request's threads: every note carrying a finding marker counts.
    ///
    /// - Parameters:
    ///   - discussions: the merge request's threads.
    ///   - botUserID: the bot's user id, as its token resolves it, so markers in other people's notes never count.
    public init(discussions: [Discussion], botUserID: UserID) {
        let notes = discussions.flatMap(\.notes).filter { $0.authorID == botUserID }
        self.init(knownFingerprints: Set(notes.compactMap { FindingFingerprint(markerIn: $0.body) }))
    }

    /// Whether a fingerprint is already known.
    public func contains(_ fingerprint: FindingFingerprint) -> Bool {
        knownFingerprints.contains(fingerprint)
    }

    /// Admits a finding unless it is already known, and remembers it.
    ///
    /// - Parameter fingerprint: the finding's fingerprint.
    /// - Returns: `true` when the finding is new and should be posted.
    public mutating func admit(_ fingerprint: FindingFingerprint) -> Bool {
        knownFingerprints.insert(fingerprint).inserted
    }
}
