import Foundation
import PostgresNIO
import WardenCore

extension JobRecord {
    /// Reads a row selected with `PostgresStore.jobColumns`.
    /// - Throws: ``StoreError`` `corrupt_record` for a kind or state this version does not know.
    init(postgresRow row: PostgresRow) throws {
        let cells = row.makeRandomAccess()
        let kindText = try cells[1].decode(String.self)
        guard let kind = JobKind(rawValue: kindText) else {
            throw StoreError.corruptRecord(table: "jobs", column: "kind", value: kindText)
        }
        let oldPath = try cells[13].decode(String?.self)
        let newPath = try cells[14].decode(String?.self)
        let oldLine = try cells[15].decode(Int?.self)
        let newLine = try cells[16].decode(Int?.self)
        let hasPosition = oldPath != nil || newPath != nil || oldLine != nil || newLine != nil
        let forge = try ForgeKind.stored(try cells[19].decode(String.self), table: "jobs")
        self.init(
            id: try cells[0].decode(String.self),
            kind: kind,
            state: try SQLiteStore.jobState(try cells[2].decode(String.self)),
            attempts: try cells[3].decode(Int.self),
            lastError: try cells[4].decode(String?.self),
            createdAt: Date(timeIntervalSince1970: try cells[5].decode(Double.self)),
            updatedAt: Date(timeIntervalSince1970: try cells[6].decode(Double.self)),
            runAfter: try cells[7].decode(Double?.self).map(Date.init(timeIntervalSince1970:)),
            forge: forge,
            projectID: try cells[8].decode(Int.self),
            mergeRequestIID: try cells[9].decode(Int.self),
            repository: try cells[20].decode(String?.self),
            installationID: try cells[21].decode(Int?.self),
            headSHA: try cells[10].decode(String?.self),
            noteID: try cells[11].decode(Int?.self),
            discussionID: try cells[12].decode(String?.self),
            position: hasPosition ? NotePosition(oldPath: oldPath, newPath: newPath, oldLine: oldLine, newLine: newLine) : nil,
            leaseOwner: try cells[17].decode(String?.self),
            leaseExpiresAt: try cells[18].decode(Double?.self).map(Date.init(timeIntervalSince1970:))
        )
    }
}
