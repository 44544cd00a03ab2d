import Foundation
import GRDB
import WardenCore

extension JobRecord {
    /// Reads a row selected with `SQLiteStore.jobColumns`.
    /// - Throws: ``StoreError`` `corrupt_record` for a kind or state this version does not know.
    init(row: Row) throws {
        let kindText: String = row[1]
        guard let kind = JobKind(rawValue: kindText) else {
            throw StoreError.corruptRecord(table: "jobs", column: "kind", value: kindText)
        }
        let oldPath: String? = row[13]
        let newPath: String? = row[14]
        let oldLine: Int? = row[15]
        let newLine: Int? = row[16]
        let hasPosition = oldPath != nil || newPath != nil || oldLine != nil || newLine != nil
        let forge = try ForgeKind.stored(row[19], table: "jobs")
        self.init(
            id: row[0],
            kind: kind,
            state: try SQLiteStore.jobState(row[2]),
            attempts: row[3],
            lastError: row[4],
            createdAt: Date(timeIntervalSince1970: row[5]),
            updatedAt: Date(timeIntervalSince1970: row[6]),
            runAfter: (row[7] as Double?).map(Date.init(timeIntervalSince1970:)),
            forge: forge,
            projectID: row[8],
            mergeRequestIID: row[9],
            repository: row[20],
            installationID: row[21],
            headSHA: row[10],
            noteID: row[11],
            discussionID: row[12],
            position: hasPosition ? NotePosition(oldPath: oldPath, newPath: newPath, oldLine: oldLine, newLine: newLine) : nil,
            leaseOwner: row[17],
            leaseExpiresAt: (row[18] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }
}
