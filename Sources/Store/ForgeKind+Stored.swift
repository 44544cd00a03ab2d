import WardenCore

extension ForgeKind {
    /// The forge a stored row names.
    ///
    /// - Throws: ``StoreError`` `corrupt_record` for a forge this version does not know.
    static func stored(_ text: String, table: String) throws -> ForgeKind {
        guard let forge = ForgeKind(rawValue: text) else { throw StoreError.corruptRecord(table: table, column: "forge", value: text) }
        return forge
    }
}
