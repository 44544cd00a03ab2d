/// One versioned step of the PostgreSQL schema: statements applied together in one transaction.
///
/// Migrations are append-only: a released one is never edited, a change is a new version.
public struct PostgresMigration: Sendable, Equatable {
    /// The version, strictly increasing from 1; versions may be missing (a branch's migration is numbered where it
    /// will land once the branches before it are merged).
    public let version: Int
    /// A short name shown by `warden store status`.
    public let name: String
    /// The statements, one SQL command each (the extended protocol runs one command per query).
    public let statements: [String]

    /// Creates a migration.
    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

/// Which migrations a database still needs: a pure decision, tested as a table.
public enum PostgresMigrationPlan {
    /// The migrations of `available` not in `applied`, in version order.
    ///
    /// - Parameters:
    ///   - applied: The versions recorded in the database's `schema_migrations` table.
    ///   - available: The migrations this binary knows, in version order.
    /// - Throws: ``StoreError`` `invalid_argument` when the database has a version this binary does not know (a newer
    ///   Warden migrated it: running an older one against it could corrupt data), or when `available` is not in strictly
    ///   increasing version order.
    public static func pending(applied: Set<Int>, available: [PostgresMigration]) throws -> [PostgresMigration] {
        var previous = 0
        for migration in available {
            guard migration.version > previous else {
                throw StoreError.invalidArgument(
                    "migration \(migration.name)",
                    problem: "has version \(migration.version), not above the previous one (\(previous))"
                )
            }
            previous = migration.version
        }
        let known = Set(available.map(\.version))
        if let unknown = applied.subtracting(known).max() {
            throw StoreError.invalidArgument(
                "the database schema",
                problem: "is at version \(unknown), newer than this Warden knows (\(known.max() ?? 0)); upgrade Warden"
            )
        }
        return available.filter { !applied.contains($0.version) }
    }
}
