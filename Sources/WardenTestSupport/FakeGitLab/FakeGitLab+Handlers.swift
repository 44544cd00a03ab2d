import Foundation

extension FakeGitLab {
    private static let notFound = FakeGitLabResponse.json(404, ["message": "404 Not found"])
    private static let projectNotFound = FakeGitLabResponse.json(404, ["message": "404 Project Not Found"])

    /// Answers an authenticated request to a known route.
    func handle(_ match: FakeGitLabRoute.Match, parameters: [String: ScriptedJSON], query: [String: String]) async -> FakeGitLabResponse {
        if match.route == .currentUser {
            return .json(200, ["id": .number(Double(user.id)), "username": .string(user.username), "state": "active", "bot": true])
        }
        guard let project = findProject(match.project) else { return Self.projectNotFound }
        if project.archived, match.route.isWrite { return .json(403, ["message": "403 Forbidden"]) }
        switch match.route {
        case .project:
            return .json(200, projectJSON(project))
        case .member:
            // The user id travels in the match's note id slot (the path's last number).
            guard let userID = match.noteID, let level = accessLevels[ProjectMember(projectID: project.id, userID: userID)] else {
                return .json(404, ["message": "404 Not found"])
            }
            return .json(200, ["id": .number(Double(userID)), "access_level": .number(Double(level)), "state": "active"])
        case .createMergeRequest:
            return await createMergeRequest(project, parameters)
        case .issues:
            let state = query["state"] ?? "all"
            let labels = (query["labels"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let matching = issues.values
                .filter { $0.projectID == project.id && (state == "all" || $0.state == state) && labels.allSatisfy($0.labels.contains) }
                .sorted { $0.iid > $1.iid }
            return paginate(matching.map(issueJSON), query: query)
        case .createIssueNote:
            let key = IssueKey(projectID: project.id, iid: match.iid ?? 0)
            guard issues[key] != nil else { return Self.notFound }
            guard let body = parameters["body"]?.string, !body.isEmpty else { return .json(400, ["error": "body is missing"]) }
            let note = newNote(body: body, author: user, noteable: .issue(key), discussionID: nextDiscussionID(), type: nil, position: nil)
            issues[key]?.noteIDs.append(note.id)
            return .json(201, noteJSON(note))
        default:
            break
        }
        let key = MergeRequestKey(projectID: project.id, iid: match.iid ?? 0)
        guard let mergeRequest = mergeRequests[key] else { return Self.notFound }
        switch match.route {
        case .mergeRequest:
            return .json(200, mergeRequestJSON(mergeRequest))
        case .versions:
            return paginate(mergeRequest.versions.reversed().map { versionJSON($0, mergeRequestID: mergeRequest.id) }, query: query)
        case .diffs:
            return paginate((mergeRequest.versions.last?.files ?? []).map(diffJSON), query: query)
        case .discussions:
            return paginate(mergeRequest.discussions.map(discussionJSON), query: query)
        case .createDiscussion:
            guard let body = parameters["body"]?.string, !body.isEmpty else { return .json(400, ["error": "body is missing"]) }
            var position: PositionRecord?
            if let raw = parameters["position"] {
                switch validatePosition(raw, in: mergeRequest) {
                case .success(let valid): position = valid
                case .failure(let refusal): return refusal.response
                }
            }
            let note = startDiscussion(key, body: body, author: user, position: position, individual: false)
            guard let discussion = mergeRequests[key]?.discussions.first(where: { $0.id == note.discussionID }) else { return Self.notFound }
            return .json(201, discussionJSON(discussion))
        case .replyToDiscussion:
            guard let body = parameters["body"]?.string, !body.isEmpty else { return .json(400, ["error": "body is missing"]) }
            guard let note = reply(key, discussionID: match.discussionID ?? "", body: body, author: user) else {
                return .json(404, ["message": "404 Discussion Not Found"])
            }
            return .json(201, noteJSON(note))
        case .createNote:
            guard let body = parameters["body"]?.string, !body.isEmpty else { return .json(400, ["error": "body is missing"]) }
            return .json(201, noteJSON(startDiscussion(key, body: body, author: user, position: nil, individual: true)))
        case .note:
            guard let note = notes[match.noteID ?? 0], note.noteable == .mergeRequest(key) else { return Self.notFound }
            return .json(200, noteJSON(note))
        case .editNote:
            guard let id = match.noteID, let note = notes[id], note.noteable == .mergeRequest(key) else { return Self.notFound }
            guard note.author == user else { return .json(403, ["message": "403 Forbidden"]) }
            guard let body = parameters["body"]?.string, !body.isEmpty else { return .json(400, ["error": "body is missing"]) }
            notes[id]?.body = body
            quickActions += QuickActionExtractor.commands(in: body)
            return .json(200, noteJSON(notes[id] ?? note))
        case .awardEmoji:
            guard let id = match.noteID, let note = notes[id], note.noteable == .mergeRequest(key) else { return Self.notFound }
            guard let name = parameters["name"]?.string, !name.isEmpty else { return .json(400, ["error": "name is missing"]) }
            notes[id]?.awardEmoji.append(name)
            let award: ScriptedJSON = [
                "id": .number(Double(nextAwardID)), "name": .string(name), "user": userJSON(user),
                "awardable_id": .number(Double(id)), "awardable_type": "Note",
                "created_at": Self.timestamp, "updated_at": Self.timestamp,
            ]
            nextAwardID += 1
            return .json(201, award)
        case .createDraftNote:
            guard let body = parameters["note"]?.string, !body.isEmpty else { return .json(400, ["error": "note is missing"]) }
            var position: PositionRecord?
            if let raw = parameters["position"] {
                switch validatePosition(raw, in: mergeRequest) {
                case .success(let valid): position = valid
                case .failure(let refusal): return refusal.response
                }
            }
            let replyTo = parameters["in_reply_to_discussion_id"]?.string
            if let replyTo, !mergeRequest.discussions.contains(where: { $0.id == replyTo }) {
                return .json(404, ["message": "404 Discussion Not Found"])
            }
            let draft = DraftRecord(id: nextDraftID, authorID: user.id, note: body, position: position, inReplyToDiscussionID: replyTo)
            nextDraftID += 1
            mergeRequests[key]?.drafts.append(draft)
            return .json(201, draftJSON(draft, mergeRequestID: mergeRequest.id))
        case .publishDraftNotes:
            let mine = mergeRequest.drafts.filter { $0.authorID == user.id }
            mergeRequests[key]?.drafts.removeAll { $0.authorID == user.id }
            for draft in mine {
                if let discussionID = draft.inReplyToDiscussionID {
                    _ = reply(key, discussionID: discussionID, body: draft.note, author: user)
                } else {
                    _ = startDiscussion(key, body: draft.note, author: user, position: draft.position, individual: false)
                }
            }
            return .noContent()
        case .draftNotes:
            return paginate(mergeRequest.drafts.filter { $0.authorID == user.id }.map { draftJSON($0, mergeRequestID: mergeRequest.id) }, query: query)
        case .deleteDraftNote:
            // Another user's draft is invisible: GitLab answers 404 for it as for a missing one.
            guard let index = mergeRequest.drafts.firstIndex(where: { $0.id == match.noteID && $0.authorID == user.id }) else {
                return .json(404, ["message": "404 Not found"])
            }
            mergeRequests[key]?.drafts.remove(at: index)
            return .noContent()
        case .currentUser, .project, .member, .createMergeRequest, .issues, .createIssueNote:
            return Self.notFound
        }
    }

    // MARK: Storage

    func findProject(_ reference: String) -> ProjectRecord? {
        if let id = Int(reference) { return projects[id] }
        return projects.values.first { $0.path == reference }
    }

    func nextDiscussionID() -> String {
        let number = nextDiscussionNumber
        nextDiscussionNumber += 1
        let hex = String(number, radix: 16)
        return "d15c" + String(repeating: "0", count: max(0, 36 - hex.count)) + hex
    }

    func newNote(body: String, author: User, noteable: Noteable, discussionID: String, type: String?, position: PositionRecord?) -> NoteRecord {
        quickActions += QuickActionExtractor.commands(in: body)
        let note = NoteRecord(
            id: nextNoteID,
            body: body,
            author: author,
            noteable: noteable,
            discussionID: discussionID,
            type: type,
            position: position
        )
        nextNoteID += 1
        notes[note.id] = note
        return note
    }

    /// Starts a thread with one note: an individual overview note, a general thread, or an inline (diff) thread.
    func startDiscussion(_ key: MergeRequestKey, body: String, author: User, position: PositionRecord?, individual: Bool) -> NoteRecord {
        let discussionID = nextDiscussionID()
        let type: String? = position != nil ? "DiffNote" : (individual ? nil : "DiscussionNote")
        let note = newNote(body: body, author: author, noteable: .mergeRequest(key), discussionID: discussionID, type: type, position: position)
        mergeRequests[key]?.discussions.append(DiscussionRecord(id: discussionID, individualNote: individual, noteIDs: [note.id]))
        return note
    }

    /// Replies in a thread; a reply to an individual note turns it into a thread, as in GitLab.
    func reply(_ key: MergeRequestKey, discussionID: String, body: String, author: User) -> NoteRecord? {
        guard let index = mergeRequests[key]?.discussions.firstIndex(where: { $0.id == discussionID }),
            let discussion = mergeRequests[key]?.discussions[index]
        else { return nil }
        let first = discussion.noteIDs.first.flatMap { notes[$0] }
        let type = first?.position != nil ? "DiffNote" : "DiscussionNote"
        let note = newNote(
            body: body,
            author: author,
            noteable: .mergeRequest(key),
            discussionID: discussionID,
            type: type,
            position: first?.position
        )
        if discussion.individualNote, let firstID = discussion.noteIDs.first {
            notes[firstID]?.type = "DiscussionNote"
        }
        mergeRequests[key]?.discussions[index].noteIDs.append(note.id)
        mergeRequests[key]?.discussions[index].individualNote = false
        return note
    }

    private func createMergeRequest(_ project: ProjectRecord, _ parameters: [String: ScriptedJSON]) async -> FakeGitLabResponse {
        var missing: [String] = []
        for name in ["source_branch", "target_branch", "title"] where (parameters[name]?.string ?? "").isEmpty {
            missing.append("\(name) is missing")
        }
        guard missing.isEmpty, let source = parameters["source_branch"]?.string, let target = parameters["target_branch"]?.string,
            let title = parameters["title"]?.string
        else { return .json(400, ["error": .string(missing.joined(separator: ", "))]) }
        if let existing = mergeRequests.values.first(where: {
            $0.projectID == project.id && $0.state == "opened" && $0.sourceBranch == source && $0.targetBranch == target
        }) {
            return .json(409, ["message": .array([.string("Another open merge request already exists for this source branch: !\(existing.iid)")])])
        }
        let iid = (mergeRequests.keys.filter { $0.projectID == project.id }.map(\.iid).max() ?? 0) + 1
        quickActions += QuickActionExtractor.commands(in: parameters["description"]?.string ?? "")
        do {
            try await openMergeRequest(
                projectID: project.id,
                iid: iid,
                sourceBranch: source,
                targetBranch: target,
                title: title,
                description: parameters["description"]?.string ?? "",
                authorID: user.id
            )
        } catch {
            return .json(400, ["message": .array([.string("Source branch \"\(source)\" or target branch \"\(target)\" does not exist")])])
        }
        guard let record = mergeRequests[MergeRequestKey(projectID: project.id, iid: iid)] else { return Self.notFound }
        return .json(201, mergeRequestJSON(record))
    }

    // MARK: Pagination

    /// One page of `items`, with GitLab's pagination headers (`per_page` defaults to 20 and is capped at 100).
    func paginate(_ items: [ScriptedJSON], query: [String: String]) -> FakeGitLabResponse {
        var perPage = Int(query["per_page"] ?? "") ?? 20
        if perPage < 1 { perPage = 20 }
        perPage = min(perPage, 100)
        let page = max(1, Int(query["page"] ?? "") ?? 1)
        let totalPages = max(1, (items.count + perPage - 1) / perPage)
        let start = min(items.count, (page - 1) * perPage)
        let end = min(items.count, start + perPage)
        let headers = [
            "x-page": String(page),
            "x-per-page": String(perPage),
            "x-total": String(items.count),
            "x-total-pages": String(totalPages),
            "x-next-page": page < totalPages ? String(page + 1) : "",
            "x-prev-page": page > 1 ? String(page - 1) : "",
        ]
        return .json(200, .array(Array(items[start..<end])), headers: headers)
    }
}
