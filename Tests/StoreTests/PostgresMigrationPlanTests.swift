import Store
import Testing

/// Which migrations a database still needs, decided without a database.
@Suite("PostgreSQL migration plan")
struct PostgresMigrationPlanTests {
    private static let available = [
        PostgresMigration(version: 1, name: "one", statements: ["SELECT 1"]),
        PostgresMigration(version: 2, name: "two", statements: ["SELECT 2"]),
        PostgresMigration(version: 3, name: "three", statements: ["SELECT 3"]),
    ]

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        let applied: Set<Int>
        let pending: [Int]
        var testDescription: String { name }
    }

    @Test(
        "pending migrations are the unapplied ones in version order",
        arguments: [
            Row(name: "empty database", applied: [], pending: [1, 2, 3]),
            Row(name: "partly migrated", applied: [1], pending: [2, 3]),
            Row(name: "up to date", applied: [1, 2, 3], pending: []),
            Row(name: "a gap left by a failed run", applied: [1, 3], pending: [2]),
        ]
    )
    func pending(row: Row) throws {
        #expect(try PostgresMigrationPlan.pending(applied: row.applied, available: Self.available).map(\.version) == row.pending)
    }

    @Test("a database migrated by a newer Warden is refused, naming both versions")
    func newerDatabase() {
        let error = #expect(throws: StoreError.self) {
            try PostgresMigrationPlan.pending(applied: [1, 2, 3, 4], available: Self.available)
        }
        #expect(error?.description.contains("version 4, newer than this Warden knows (3)") == true)
    }

    @Test("a list of migrations out of increasing order is refused")
    func badNumbering() {
        let available = [Self.available[0], Self.available[2], Self.available[1]]
        let error = #expect(throws: StoreError.self) { try PostgresMigrationPlan.pending(applied: [], available: available) }
        #expect(error?.description.contains("has version 2, not above the previous one (3)") == true)
    }

    @Test("a missing version (another branch's migration, merged later) is allowed and applied when it arrives")
    func missingVersion() throws {
        let withoutTwo = [Self.available[0], Self.available[2]]
        #expect(try PostgresMigrationPlan.pending(applied: [], available: withoutTwo).map(\.version) == [1, 3])
        #expect(try PostgresMigrationPlan.pending(applied: [1, 3], available: Self.available).map(\.version) == [2])
    }
}
