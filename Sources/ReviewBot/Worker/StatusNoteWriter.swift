import Forge

/// Finds the bot's one status note on a merge request (by its marker) and writes it: created the first time,
/// edited in place afterwards.
struct StatusNoteWriter: Sendable {
    /// The bot's status note as found on the merge request.
    struct Found: Sendable {
        /// The note.
        var note: Note
        /// Its discussion, for the thread mapping.
        var discussionID: String
        /// Its marker, carrying the last reviewed head forward.
        var marker: StatusMarker
    }

    let forge: any ForgeClient
    let bot: BotIdentity

    /// The bot's status note among `discussions`: the oldest note of the bot that starts with a status marker.
    func find(in discussions: [Discussion]) -> Found? {
        for discussion in discussions {
            for note in discussion.notes where bot.wrote(note) {
                if let marker = StatusMarker(markerIn: note.body) {
                    return Found(note: note, discussionID: discussion.id, marker: marker)
                }
            }
        }
        return nil
    }

    /// Writes `body` into the status note: edits `existing` in place, or creates the note when there is none.
    ///
    /// - Returns: the note and its discussion.
    /// - Throws: `ForgeError`.
    func write(_ body: String, project: ProjectRef, iid: Int, existing: Found?) async throws -> Found {
        if let existing {
            let note = try await forge.editNote(project, iid: iid, noteID: existing.note.id, body: body)
            return Found(note: note, discussionID: existing.discussionID, marker: StatusMarker(markerIn: body) ?? existing.marker)
        }
        let note = try await forge.createNote(project, iid: iid, body: body)
        let discussionID = try await forge.discussions(project, iid: iid).first { $0.notes.contains { $0.id == note.id } }?.id
        return Found(note: note, discussionID: discussionID ?? "", marker: StatusMarker(markerIn: body) ?? StatusMarker(reviewedSHA: nil))
    }

    /// Reads the merge request's threads and writes `body` into the status note, creating it when missing.
    ///
    /// - Parameter body: the text, given the marker of the note being replaced (if any).
    /// - Throws: `ForgeError`.
    func replace(project: ProjectRef, iid: Int, body: (StatusMarker?) -> String) async throws {
        let existing = find(in: try await forge.discussions(project, iid: iid))
        _ = try await write(body(existing?.marker), project: project, iid: iid, existing: existing)
    }
}
