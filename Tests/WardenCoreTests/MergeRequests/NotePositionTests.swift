import Foundation
import Testing
import WardenCore

@Suite("Note position")
struct NotePositionTests {
    @Test(
        "encodes as the store always has: snake_case keys, absent parts omitted",
        arguments: [
            (
                NotePosition(oldPath: "a.swift", newPath: "b.swift", oldLine: 1, newLine: 2),
                #"{"new_line":2,"new_path":"b.swift","old_line":1,"old_path":"a.swift"}"#
            ),
            (NotePosition(newPath: "a.swift", newLine: 3), #"{"new_line":3,"new_path":"a.swift"}"#),
            (NotePosition(), "{}"),
        ] as [(NotePosition, String)]
    )
    func encoding(position: NotePosition, json: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(position), as: UTF8.self) == json)
        #expect(try JSONDecoder().decode(NotePosition.self, from: Data(json.utf8)) == position)
    }

    @Test("decodes JSON written with explicit nulls")
    func decodesNulls() throws {
        let json = #"{"old_path": null, "new_path": "a.swift", "old_line": null, "new_line": 4}"#
        #expect(try JSONDecoder().decode(NotePosition.self, from: Data(json.utf8)) == NotePosition(newPath: "a.swift", newLine: 4))
    }
}
