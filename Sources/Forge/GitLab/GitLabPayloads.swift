/// The JSON shapes of GitLab's REST API v4, decoded leniently and turned into the forge-neutral model.
///
/// Only fields Warden reads are declared; GitLab adds fields often, and some (descriptions, SHAs of a fresh merge
/// request) may be `null`.
enum GitLabPayload {
    struct User: Decodable {
        var id: Int
        var username: String

        var model: ForgeUser { ForgeUser(id: id, username: username) }
    }

    struct Member: Decodable {
        var accessLevel: Int
        enum CodingKeys: String, CodingKey { case accessLevel = "access_level" }
    }

    struct MergeRequest: Decodable {
        struct DiffRefs: Decodable {
            var headSHA: String?
            enum CodingKeys: String, CodingKey { case headSHA = "head_sha" }
        }

        var iid: Int
        var projectID: Int
        var title: String
        var description: String?
        var sourceBranch: String
        var targetBranch: String
        var sha: String?
        var diffRefs: DiffRefs?
        var state: String
        var draft: Bool?
        var workInProgress: Bool?
        var webURL: String

        enum CodingKeys: String, CodingKey {
            case iid, title, description, sha, state, draft
            case projectID = "project_id"
            case sourceBranch = "source_branch"
            case targetBranch = "target_branch"
            case diffRefs = "diff_refs"
            case workInProgress = "work_in_progress"
            case webURL = "web_url"
        }

        var model: Forge.MergeRequest {
            Forge.MergeRequest(
                iid: iid,
                projectID: projectID,
                title: title,
                description: description ?? "",
                sourceBranch: sourceBranch,
                targetBranch: targetBranch,
                headSHA: sha ?? diffRefs?.headSHA ?? "",
                state: MergeRequestState(rawValue: state),
                draft: draft ?? workInProgress ?? false,
                webURL: webURL
            )
        }
    }

    struct Version: Decodable {
        var id: Int
        var baseSHA: String
        var startSHA: String
        var headSHA: String

        enum CodingKeys: String, CodingKey {
            case id
            case baseSHA = "base_commit_sha"
            case startSHA = "start_commit_sha"
            case headSHA = "head_commit_sha"
        }

        var model: DiffVersion { DiffVersion(id: id, baseSHA: baseSHA, startSHA: startSHA, headSHA: headSHA) }
    }

    struct Diff: Decodable {
        var oldPath: String
        var newPath: String
        var diff: String?
        var newFile: Bool?
        var renamedFile: Bool?
        var deletedFile: Bool?
        var collapsed: Bool?
        var tooLarge: Bool?

        enum CodingKeys: String, CodingKey {
            case diff, collapsed
            case oldPath = "old_path"
            case newPath = "new_path"
            case newFile = "new_file"
            case renamedFile = "renamed_file"
            case deletedFile = "deleted_file"
            case tooLarge = "too_large"
        }

        var model: FileDiff {
            FileDiff(
                oldPath: oldPath,
                newPath: newPath,
                diff: diff ?? "",
                newFile: newFile ?? false,
                renamedFile: renamedFile ?? false,
                deletedFile: deletedFile ?? false,
                collapsed: collapsed ?? false,
                tooLarge: tooLarge ?? false
            )
        }
    }

    struct Note: Decodable {
        var id: Int
        var body: String
        var author: User
        var system: Bool
        var position: DiffPosition?

        enum CodingKeys: String, CodingKey { case id, body, author, system, position }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(Int.self, forKey: .id)
            body = try container.decode(String.self, forKey: .body)
            author = try container.decode(User.self, forKey: .author)
            system = try container.decodeIfPresent(Bool.self, forKey: .system) ?? false
            // Image positions have no paths and newer GitLab versions add position types; such a note is still a
            // note, just not one Warden can anchor.
            position = try? container.decodeIfPresent(DiffPosition.self, forKey: .position)
        }

        var model: Forge.Note {
            Forge.Note(id: id, body: body, authorID: author.id, authorUsername: author.username, system: system, position: position)
        }
    }

    struct Discussion: Decodable {
        var id: String
        var individualNote: Bool
        var notes: [Note]

        enum CodingKeys: String, CodingKey {
            case id, notes
            case individualNote = "individual_note"
        }

        var model: Forge.Discussion { Forge.Discussion(id: id, individualNote: individualNote, notes: notes.map(\.model)) }
    }

    struct DraftNote: Decodable {
        var id: Int
        var note: String
        var discussionID: String?
        var position: DiffPosition?

        enum CodingKeys: String, CodingKey {
            case id, note, position
            case discussionID = "discussion_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(Int.self, forKey: .id)
            note = try container.decode(String.self, forKey: .note)
            discussionID = try container.decodeIfPresent(String.self, forKey: .discussionID)
            position = try? container.decodeIfPresent(DiffPosition.self, forKey: .position)
        }

        var model: Forge.DraftNote { Forge.DraftNote(id: id, body: note, inReplyToDiscussionID: discussionID, position: position) }
    }

    struct Project: Decodable {
        var id: Int
        var pathWithNamespace: String
        var defaultBranch: String?
        var httpURLToRepo: String
        var webURL: String

        enum CodingKeys: String, CodingKey {
            case id
            case pathWithNamespace = "path_with_namespace"
            case defaultBranch = "default_branch"
            case httpURLToRepo = "http_url_to_repo"
            case webURL = "web_url"
        }

        var model: Forge.Project {
            Forge.Project(id: id, pathWithNamespace: pathWithNamespace, defaultBranch: defaultBranch, httpURLToRepo: httpURLToRepo, webURL: webURL)
        }
    }

    struct Issue: Decodable {
        var iid: Int
        var title: String
        var description: String?
        var labels: [String]?
        var webURL: String

        enum CodingKeys: String, CodingKey {
            case iid, title, description, labels
            case webURL = "web_url"
        }

        var model: Forge.Issue { Forge.Issue(iid: iid, title: title, description: description ?? "", labels: labels ?? [], webURL: webURL) }
    }

    /// GitLab's error body: `{"message": …}` (a string or an object of field errors) or `{"error": …}`.
    struct ErrorBody: Decodable {
        var text: String?

        enum CodingKeys: String, CodingKey { case message, error }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let message = try? container.decode(String.self, forKey: .message) {
                text = message
            } else if let fields = try? container.decode([String: [String]].self, forKey: .message) {
                text = fields.keys.sorted().map { "\($0) \(fields[$0, default: []].joined(separator: ", "))" }.joined(separator: "; ")
            } else {
                text = try? container.decode(String.self, forKey: .error)
            }
        }
    }
}

/// The bodies Warden sends. Every text GitLab would scan for quick actions (notes, replies, draft notes, merge request
/// descriptions) passes ``QuickActionGuard`` here, the one place all of them go through.
enum GitLabRequestBody {
    struct Body: Encodable {
        var body: String

        init(body: String) {
            self.body = QuickActionGuard.neutralized(body)
        }
    }

    struct Discussion: Encodable {
        var body: String
        var position: DiffPosition?

        init(body: String, position: DiffPosition?) {
            self.body = QuickActionGuard.neutralized(body)
            self.position = position
        }
    }

    struct DraftNote: Encodable {
        var note: String
        var position: DiffPosition?
        var inReplyToDiscussionID: String?

        init(note: String, position: DiffPosition?, inReplyToDiscussionID: String?) {
            self.note = QuickActionGuard.neutralized(note)
            self.position = position
            self.inReplyToDiscussionID = inReplyToDiscussionID
        }

        enum CodingKeys: String, CodingKey {
            case note, position
            case inReplyToDiscussionID = "in_reply_to_discussion_id"
        }
    }

    struct AwardEmoji: Encodable {
        var name: String
    }

    struct MergeRequest: Encodable {
        var sourceBranch: String
        var targetBranch: String
        var title: String
        var description: String

        init(sourceBranch: String, targetBranch: String, title: String, description: String) {
            self.sourceBranch = sourceBranch
            self.targetBranch = targetBranch
            self.title = title
            self.description = QuickActionGuard.neutralized(description)
        }

        enum CodingKeys: String, CodingKey {
            case title, description
            case sourceBranch = "source_branch"
            case targetBranch = "target_branch"
        }
    }
}
