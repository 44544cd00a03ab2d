import WardenCore

extension FakeGitLab {
    /// The timestamp every record carries; tests do not depend on time.
    static let timestamp: ScriptedJSON = "2026-01-01T00:00:00.000Z"

    private static func number(_ value: Int) -> ScriptedJSON { .number(Double(value)) }

    private static func optionalNumber(_ value: Int?) -> ScriptedJSON { value.map(number) ?? .null }

    func projectWebURL(_ project: ProjectRecord) -> String { "\(origin)/\(project.path)" }

    func userJSON(_ user: User) -> ScriptedJSON {
        [
            "id": Self.number(user.id), "username": .string(user.username), "name": .string(user.username), "state": "active",
            "web_url": .string("\(origin)/\(user.username)"),
        ]
    }

    func projectJSON(_ project: ProjectRecord) -> ScriptedJSON {
        let webURL = projectWebURL(project)
        let name = String(project.path.split(separator: "/").last ?? Substring(project.path))
        return [
            "id": Self.number(project.id), "name": .string(name), "path": .string(name),
            "path_with_namespace": .string(project.path), "default_branch": .string(project.defaultBranch),
            "http_url_to_repo": .string(project.httpURLToRepo ?? webURL + ".git"), "web_url": .string(webURL),
            "visibility": "private",
        ]
    }

    func mergeRequestJSON(_ record: MergeRequestRecord) -> ScriptedJSON {
        let latest = record.versions.last
        let author = record.authorID == user.id ? user : User(id: record.authorID, username: "user\(record.authorID)")
        let webURL = projects[record.projectID].map { projectWebURL($0) } ?? origin
        let diffRefs: ScriptedJSON =
            latest.map {
                ["base_sha": .string($0.baseSHA), "head_sha": .string($0.headSHA), "start_sha": .string($0.startSHA)]
            } ?? .null
        return [
            "id": Self.number(record.id), "iid": Self.number(record.iid), "project_id": Self.number(record.projectID),
            "title": .string(record.title), "description": .string(record.description), "state": .string(record.state),
            "source_branch": .string(record.sourceBranch), "target_branch": .string(record.targetBranch),
            "source_project_id": Self.number(record.projectID), "target_project_id": Self.number(record.projectID),
            "author": userJSON(author), "draft": .bool(record.isDraft), "work_in_progress": .bool(record.isDraft),
            "sha": latest.map { .string($0.headSHA) } ?? .null, "diff_refs": diffRefs,
            "detailed_merge_status": "mergeable", "changes_count": .string(String(latest?.files.count ?? 0)),
            "web_url": .string("\(webURL)/-/merge_requests/\(record.iid)"),
            "created_at": Self.timestamp, "updated_at": Self.timestamp,
        ]
    }

    func versionJSON(_ version: VersionRecord, mergeRequestID: Int) -> ScriptedJSON {
        [
            "id": Self.number(version.id), "head_commit_sha": .string(version.headSHA), "base_commit_sha": .string(version.baseSHA),
            "start_commit_sha": .string(version.startSHA), "created_at": Self.timestamp, "merge_request_id": Self.number(mergeRequestID),
            "state": "collected", "real_size": .string(String(version.files.count)),
        ]
    }

    func diffJSON(_ file: FakeDiffFile) -> ScriptedJSON {
        [
            "old_path": .string(file.oldPath), "new_path": .string(file.newPath), "a_mode": .string(file.aMode),
            "b_mode": .string(file.bMode), "diff": .string(file.diff), "new_file": .bool(file.newFile),
            "renamed_file": .bool(file.renamedFile), "deleted_file": .bool(file.deletedFile), "generated_file": false,
            "collapsed": false, "too_large": false,
        ]
    }

    func positionJSON(_ position: PositionRecord?) -> ScriptedJSON {
        guard let position else { return .null }
        return [
            "base_sha": .string(position.baseSHA), "start_sha": .string(position.startSHA), "head_sha": .string(position.headSHA),
            "position_type": .string(position.positionType), "old_path": position.lines.oldPath.map(ScriptedJSON.string) ?? .null,
            "new_path": position.lines.newPath.map(ScriptedJSON.string) ?? .null, "old_line": Self.optionalNumber(position.lines.oldLine),
            "new_line": Self.optionalNumber(position.lines.newLine), "line_range": .null,
        ]
    }

    func noteJSON(_ note: NoteRecord) -> ScriptedJSON {
        var object: [String: ScriptedJSON] = [
            "id": Self.number(note.id), "type": note.type.map(ScriptedJSON.string) ?? .null, "body": .string(note.body),
            "attachment": .null, "author": userJSON(note.author), "created_at": Self.timestamp, "updated_at": Self.timestamp,
            "system": false, "resolvable": .bool(note.type != nil), "resolved": false, "confidential": false, "internal": false,
        ]
        switch note.noteable {
        case .mergeRequest(let key):
            object["noteable_type"] = "MergeRequest"
            object["noteable_id"] = Self.number(mergeRequests[key]?.id ?? 0)
            object["noteable_iid"] = Self.number(key.iid)
            object["project_id"] = Self.number(key.projectID)
        case .issue(let key):
            object["noteable_type"] = "Issue"
            object["noteable_id"] = Self.number(issues[key]?.id ?? 0)
            object["noteable_iid"] = Self.number(key.iid)
            object["project_id"] = Self.number(key.projectID)
        }
        if note.position != nil {
            object["position"] = positionJSON(note.position)
            object["commit_id"] = note.position.map { .string($0.headSHA) } ?? .null
        }
        return .object(object)
    }

    func discussionJSON(_ discussion: DiscussionRecord) -> ScriptedJSON {
        [
            "id": .string(discussion.id), "individual_note": .bool(discussion.individualNote),
            "notes": .array(discussion.noteIDs.compactMap { notes[$0] }.map(noteJSON)),
        ]
    }

    func draftJSON(_ draft: DraftRecord, mergeRequestID: Int) -> ScriptedJSON {
        [
            "id": Self.number(draft.id), "author_id": Self.number(draft.authorID), "merge_request_id": Self.number(mergeRequestID),
            "resolve_discussion": false, "discussion_id": draft.inReplyToDiscussionID.map(ScriptedJSON.string) ?? .null,
            "note": .string(draft.note), "commit_id": .null, "line_code": .null, "position": positionJSON(draft.position),
        ]
    }

    func issueJSON(_ issue: IssueRecord) -> ScriptedJSON {
        let webURL = projects[issue.projectID].map { projectWebURL($0) } ?? origin
        return [
            "id": Self.number(issue.id), "iid": Self.number(issue.iid), "project_id": Self.number(issue.projectID),
            "title": .string(issue.title), "description": .string(issue.description), "state": .string(issue.state),
            "labels": .array(issue.labels.map(ScriptedJSON.string)), "web_url": .string("\(webURL)/-/issues/\(issue.iid)"),
            "created_at": Self.timestamp, "updated_at": Self.timestamp,
        ]
    }
}
