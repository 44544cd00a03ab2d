import WardenCore

extension KeyedDecodingContainer {
    /// The value at `key`, or `nil` when it is absent, `null` or of another type.
    ///
    /// Webhook payloads vary across GitLab versions; a field of an unexpected shape must never fail a delivery.
    func lenient<Value: Decodable>(_ type: Value.Type, forKey key: Key) -> Value? {
        (try? decodeIfPresent(type, forKey: key)) ?? nil
    }

    /// An id at `key` sent either as a JSON number or as a string of digits.
    func lenientID(forKey key: Key) -> Int? {
        if let number = lenient(Int.self, forKey: key) { return number }
        return lenient(String.self, forKey: key).flatMap { Int($0) }
    }

    /// A `DiffNote` position at `key`, each part decoded leniently; `nil` when `key` does not hold an object.
    func lenientPosition(forKey key: Key) -> NotePosition? {
        guard let position = try? nestedContainer(keyedBy: NotePosition.CodingKeys.self, forKey: key) else { return nil }
        return NotePosition(
            oldPath: position.lenient(String.self, forKey: .oldPath),
            newPath: position.lenient(String.self, forKey: .newPath),
            oldLine: position.lenientLine(forKey: .oldLine),
            newLine: position.lenientLine(forKey: .newLine)
        )
    }

    /// A line number at `key` sent either as a JSON number or as a string of digits.
    func lenientLine(forKey key: Key) -> Int? {
        if let number = lenient(Int.self, forKey: key) { return number }
        return lenient(String.self, forKey: key).flatMap { Int($0) }
    }

    /// A flag at `key` sent as a JSON boolean, or as `"true"`/`"false"`, or as `1`/`0`.
    func lenientFlag(forKey key: Key) -> Bool? {
        if let flag = lenient(Bool.self, forKey: key) { return flag }
        if let number = lenient(Int.self, forKey: key) { return number != 0 }
        switch lenient(String.self, forKey: key) {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }
}
