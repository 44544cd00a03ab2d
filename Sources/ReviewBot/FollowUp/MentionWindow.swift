import Foundation

/// The mentions one user made of the bot on one merge request in the last hour: a sliding window that admits at most
/// `limit` of them, so nobody can make the bot spend its Codex seat in a loop.
struct MentionWindow: Sendable, Equatable {
    /// How far back mentions count.
    static let length: TimeInterval = 3600

    /// When the admitted mentions were made, oldest first.
    private(set) var admitted: [Date] = []

    /// Whether no admitted mention counts any more at `now`: the window can be forgotten.
    func isEmpty(at now: Date) -> Bool {
        admitted.allSatisfy { now.timeIntervalSince($0) >= Self.length }
    }

    /// Admits a mention made at `now` when fewer than `limit` were admitted in the hour before it.
    mutating func admit(at now: Date, limit: Int) -> Bool {
        admitted.removeAll { now.timeIntervalSince($0) >= Self.length }
        guard admitted.count < limit else { return false }
        admitted.append(now)
        return true
    }
}
