import Testing

@testable import Git

@Suite("Worktree pool choice")
struct WorktreePoolChoiceTests {
    typealias State = WorktreePoolChoice.SlotState

    @Test(
        "an idle worktree first, then an empty slot, a temporary worktree only when every slot is leased",
        arguments: [
            ("pool turned off", [State](), WorktreePoolChoice.temporary),
            ("first lease ever", [.absent, .absent], .create(slot: 0)),
            ("one idle", [.idle, .absent], .reuse(slot: 0)),
            ("first leased, second idle", [.leased, .idle], .reuse(slot: 1)),
            ("idle preferred over an earlier empty slot", [.absent, .idle], .reuse(slot: 1)),
            ("first leased, second empty", [.leased, .absent], .create(slot: 1)),
            ("all leased", [.leased, .leased], .temporary),
            ("pool of one, leased", [.leased], .temporary),
        ]
    )
    func choice(_ name: String, slots: [State], expected: WorktreePoolChoice) {
        #expect(WorktreePoolChoice.choose(slots) == expected, "\(name)")
    }

    @Test(
        "a slot's name says it is pooled; other worktree names are not slots",
        arguments: [
            ("pool-7-0", WorktreePoolSlot?.some(WorktreePoolSlot(project: 7, index: 0))),
            ("pool-123-11", WorktreePoolSlot(project: 123, index: 11)),
            ("pool-7", nil),
            ("pool-7-0-x", nil),
            ("pool-7--1", nil),
            ("pool-07-0", nil),
            ("review-7-1-abc", nil),
            ("lease-7-0a1b2c3d", nil),
        ]
    )
    func slotNames(_ name: String, expected: WorktreePoolSlot?) {
        #expect(WorktreePoolSlot(name: name) == expected)
        if let expected { #expect(expected.name == name) }
    }
}
