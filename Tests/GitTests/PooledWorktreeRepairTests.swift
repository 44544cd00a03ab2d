import Testing

@testable import Git

@Suite("Pooled worktree repair")
struct PooledWorktreeRepairTests {
    typealias Inspection = PooledWorktreeRepair.Inspection

    @Test(
        "an idle worktree is reused when git still knows it, after removing a stale lock and restoring its .git",
        arguments: [
            ("clean", Inspection(directoryExists: true, registered: true, gitFilePointsHome: true, indexLocked: false),
             PooledWorktreeRepair.reuse(removeIndexLock: false, rewriteGitFile: false)),
            ("crashed holding the index lock", Inspection(directoryExists: true, registered: true, gitFilePointsHome: true, indexLocked: true),
             .reuse(removeIndexLock: true, rewriteGitFile: false)),
            (".git rewritten", Inspection(directoryExists: true, registered: true, gitFilePointsHome: false, indexLocked: false),
             .reuse(removeIndexLock: false, rewriteGitFile: true)),
            ("both", Inspection(directoryExists: true, registered: true, gitFilePointsHome: false, indexLocked: true),
             .reuse(removeIndexLock: true, rewriteGitFile: true)),
            ("registration pruned", Inspection(directoryExists: true, registered: false, gitFilePointsHome: true, indexLocked: false), .recreate),
            ("directory deleted", Inspection(directoryExists: false, registered: true, gitFilePointsHome: false, indexLocked: true), .recreate),
            ("nothing left", Inspection(directoryExists: false, registered: false, gitFilePointsHome: false, indexLocked: false), .recreate),
        ]
    )
    func repair(_ name: String, inspection: Inspection, expected: PooledWorktreeRepair) {
        #expect(PooledWorktreeRepair.decide(inspection) == expected, "\(name)")
    }
}
