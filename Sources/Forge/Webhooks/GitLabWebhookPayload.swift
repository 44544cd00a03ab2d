import WardenCore

/// The wire shape of a GitLab webhook body, reduced to the fields the bot reads.
///
/// One shape covers merge request and note events: both carry `object_attributes`, with different fields in it.
/// Every field is decoded leniently (see ``KeyedDecodingContainer/lenient(_:forKey:)``), and fields the bot does not
/// need, timestamps among them, are never decoded at all, so odd values there cannot fail a delivery.
struct GitLabWebhookPayload: Decodable {
    var objectKind: String?
    var eventType: String?
    var projectID: ProjectID?
    var project: Project?
    var user: User?
    var attributes: Attributes?
    var changes: Changes?
    var mergeRequest: NoteMergeRequest?

    private enum CodingKeys: String, CodingKey {
        case objectKind = "object_kind"
        case eventType = "event_type"
        case projectID = "project_id"
        case project
        case user
        case attributes = "object_attributes"
        case changes
        case mergeRequest = "merge_request"
    }

    init(from decoder: any Decoder) throws {
        // The only throwing call: a body that is not a JSON object is not a GitLab event.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        objectKind = container.lenient(String.self, forKey: .objectKind)
        eventType = container.lenient(String.self, forKey: .eventType)
        projectID = container.lenientID(forKey: .projectID)
        project = container.lenient(Project.self, forKey: .project)
        user = container.lenient(User.self, forKey: .user)
        attributes = container.lenient(Attributes.self, forKey: .attributes)
        changes = container.lenient(Changes.self, forKey: .changes)
        mergeRequest = container.lenient(NoteMergeRequest.self, forKey: .mergeRequest)
    }

    /// `project`: the project the hook belongs to.
    struct Project: Decodable {
        var id: ProjectID?

        private enum CodingKeys: String, CodingKey { case id }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = container.lenientID(forKey: .id)
        }
    }

    /// `user`: who triggered the event (for a note, its author).
    struct User: Decodable {
        var id: UserID?
        var username: String?

        private enum CodingKeys: String, CodingKey { case id, username }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = container.lenientID(forKey: .id)
            username = container.lenient(String.self, forKey: .username)
        }
    }

    /// `last_commit`: only its SHA.
    struct Commit: Decodable {
        var id: String?

        private enum CodingKeys: String, CodingKey { case id }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = container.lenient(String.self, forKey: .id)
        }
    }

    /// `object_attributes` of a merge request or a note event.
    struct Attributes: Decodable {
        var id: Int?
        var iid: MergeRequestIID?
        var action: String?
        var state: String?
        var oldrev: String?
        var draft: Bool?
        var workInProgress: Bool?
        var title: String?
        var lastCommit: Commit?
        var targetProjectID: ProjectID?
        var projectID: ProjectID?
        var authorID: UserID?
        var note: String?
        var noteableType: String?
        var system: Bool?
        var confidential: Bool?
        var `internal`: Bool?
        var discussionID: DiscussionID?
        var type: String?
        var position: NotePosition?

        private enum CodingKeys: String, CodingKey {
            case id, iid, action, state, oldrev, draft
            case workInProgress = "work_in_progress"
            case title
            case lastCommit = "last_commit"
            case targetProjectID = "target_project_id"
            case projectID = "project_id"
            case authorID = "author_id"
            case note
            case noteableType = "noteable_type"
            case system, confidential, `internal`
            case discussionID = "discussion_id"
            case type, position
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = container.lenientID(forKey: .id)
            iid = container.lenientID(forKey: .iid)
            action = container.lenient(String.self, forKey: .action)
            state = container.lenient(String.self, forKey: .state)
            oldrev = container.lenient(String.self, forKey: .oldrev)
            draft = container.lenientFlag(forKey: .draft)
            workInProgress = container.lenientFlag(forKey: .workInProgress)
            title = container.lenient(String.self, forKey: .title)
            lastCommit = container.lenient(Commit.self, forKey: .lastCommit)
            targetProjectID = container.lenientID(forKey: .targetProjectID)
            projectID = container.lenientID(forKey: .projectID)
            authorID = container.lenientID(forKey: .authorID)
            note = container.lenient(String.self, forKey: .note)
            noteableType = container.lenient(String.self, forKey: .noteableType)
            system = container.lenientFlag(forKey: .system)
            confidential = container.lenientFlag(forKey: .confidential)
            `internal` = container.lenientFlag(forKey: .internal)
            discussionID = container.lenient(String.self, forKey: .discussionID)
            type = container.lenient(String.self, forKey: .type)
            position = container.lenientPosition(forKey: .position)
        }
    }

    /// `changes`: the attributes the event changed, each as `{previous, current}`.
    struct Changes: Decodable {
        var draft: Change<Bool>?
        var workInProgress: Change<Bool>?
        var title: Change<String>?

        private enum CodingKeys: String, CodingKey {
            case draft
            case workInProgress = "work_in_progress"
            case title
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            draft = container.lenient(Change<Bool>.self, forKey: .draft)
            workInProgress = container.lenient(Change<Bool>.self, forKey: .workInProgress)
            title = container.lenient(Change<String>.self, forKey: .title)
        }
    }

    /// One entry of `changes`.
    struct Change<Value: Decodable>: Decodable {
        var previous: Value?
        var current: Value?

        private enum CodingKeys: String, CodingKey { case previous, current }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            previous = container.lenient(Value.self, forKey: .previous)
            current = container.lenient(Value.self, forKey: .current)
        }
    }

    /// `merge_request` of a note event on a merge request.
    struct NoteMergeRequest: Decodable {
        var iid: MergeRequestIID?
        var lastCommit: Commit?

        private enum CodingKeys: String, CodingKey {
            case iid
            case lastCommit = "last_commit"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            iid = container.lenientID(forKey: .iid)
            lastCommit = container.lenient(Commit.self, forKey: .lastCommit)
        }
    }
}
