/// The wire shape of a GitHub webhook body, reduced to the fields the bot reads, each decoded leniently.
struct GitHubWebhookPayload: Decodable {
    var action: String?
    var number: Int?
    var repository: Repository?
    var installation: Identified?
    var pullRequest: PullRequest?
    var issue: Issue?
    var comment: Comment?

    private enum CodingKeys: String, CodingKey {
        case action, number, repository, installation, issue, comment
        case pullRequest = "pull_request"
    }

    init(from decoder: any Decoder) throws {
        // The only throwing call: a body that is not a JSON object is not a GitHub event.
        let container = try decoder.container(keyedBy: CodingKeys.self)
        action = container.lenient(String.self, forKey: .action)
        number = container.lenientID(forKey: .number)
        repository = container.lenient(Repository.self, forKey: .repository)
        installation = container.lenient(Identified.self, forKey: .installation)
        pullRequest = container.lenient(PullRequest.self, forKey: .pullRequest)
        issue = container.lenient(Issue.self, forKey: .issue)
        comment = container.lenient(Comment.self, forKey: .comment)
    }

    struct Identified: Decodable {
        var id: Int?

        private enum CodingKeys: String, CodingKey { case id }

        init(from decoder: any Decoder) throws {
            id = try decoder.container(keyedBy: CodingKeys.self).lenientID(forKey: .id)
        }
    }

    struct Repository: Decodable {
        var id: Int?
        var fullName: String?

        private enum CodingKeys: String, CodingKey {
            case id
            case fullName = "full_name"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = container.lenientID(forKey: .id)
            fullName = container.lenient(String.self, forKey: .fullName)
        }
    }

    struct User: Decodable {
        var login: String?
        var id: Int?
        var type: String?

        private enum CodingKeys: String, CodingKey { case login, id, type }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            login = container.lenient(String.self, forKey: .login)
            id = container.lenientID(forKey: .id)
            type = container.lenient(String.self, forKey: .type)
        }
    }

    struct PullRequest: Decodable {
        var number: Int?
        var state: String?
        var draft: Bool?
        var headSHA: String?

        private enum CodingKeys: String, CodingKey { case number, state, draft, head }
        private enum HeadKeys: String, CodingKey { case sha }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            number = container.lenientID(forKey: .number)
            state = container.lenient(String.self, forKey: .state)
            draft = container.lenientFlag(forKey: .draft)
            headSHA = (try? container.nestedContainer(keyedBy: HeadKeys.self, forKey: .head))?.lenient(String.self, forKey: .sha)
        }
    }

    struct Issue: Decodable {
        var number: Int?
        /// `issue.pull_request` is present (an object) only when the issue is a pull request.
        var isPullRequest: Bool

        private enum CodingKeys: String, CodingKey {
            case number
            case pullRequest = "pull_request"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            number = container.lenientID(forKey: .number)
            isPullRequest = (try? container.decodeNil(forKey: .pullRequest)) == false
        }
    }

    struct Comment: Decodable {
        var id: Int?
        var body: String?
        var user: User?
        var inReplyToID: Int?

        private enum CodingKeys: String, CodingKey {
            case id, body, user
            case inReplyToID = "in_reply_to_id"
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = container.lenientID(forKey: .id)
            body = container.lenient(String.self, forKey: .body)
            user = container.lenient(User.self, forKey: .user)
            inReplyToID = container.lenientID(forKey: .inReplyToID)
        }
    }
}
