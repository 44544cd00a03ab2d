import Forge
import ReviewBot
import Testing

@Suite("Finding deduplicator")
struct FindingDeduplicatorTests {
    static let bot = 99
    static let posted = FindingFingerprint(path: "a.swift", anchorLineContent: "x", title: "posted")
    static let quoted = FindingFingerprint(path: "a.swift", anchorLineContent: "x", title: "quoted by a person")
    static let fresh = FindingFingerprint(path: "a.swift", anchorLineContent: "x", title: "new")

    static let discussions = [
        Discussion(
            id: "d1",
            individualNote: false,
            notes: [
                Note(id: 1, body: "\(posted.marker)\n**P1** · posted", authorID: bot, authorUsername: "warden"),
                Note(id: 2, body: "Agreed, fixing.", authorID: 5, authorUsername: "alice"),
            ]
        ),
        Discussion(id: "d2", individualNote: true, notes: [Note(id: 3, body: "\(quoted.marker)\nfake", authorID: 5, authorUsername: "alice")]),
        Discussion(
            id: "d3",
            individualNote: true,
            notes: [Note(id: 4, body: "<!-- warden:status -->\nreviewing", authorID: bot, authorUsername: "warden")]
        ),
    ]

    @Test("knows the fingerprints of the bot's own notes only")
    func botNotes() {
        let deduplicator = FindingDeduplicator(discussions: Self.discussions, botUserID: Self.bot)
        #expect(deduplicator.knownFingerprints == [Self.posted])
    }

    @Test("a marker copied into someone else's note never counts")
    func spoofedMarker() {
        let deduplicator = FindingDeduplicator(discussions: Self.discussions, botUserID: Self.bot)
        #expect(!deduplicator.knownFingerprints.contains(Self.quoted))
    }

    @Test("admits a new finding once and a posted one never")
    func admits() {
        var deduplicator = FindingDeduplicator(discussions: Self.discussions, botUserID: Self.bot)
        let admitted = [deduplicator.admit(Self.posted), deduplicator.admit(Self.fresh), deduplicator.admit(Self.fresh)]
        #expect(admitted == [false, true, false])
        #expect(deduplicator.contains(Self.fresh))
    }
}
