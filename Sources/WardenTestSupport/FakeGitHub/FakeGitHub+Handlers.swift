import Foundation

extension FakeGitHub {
    /// Answers an authenticated request.
    func handle(_ match: Match, query: [String: String], json: ScriptedJSON?, origin: String, now: Double) -> FakeGitHubResponse {
        if match.route == .accessToken {
            guard let installationID = match.id, repositories.values.contains(where: { $0.installationID == installationID }) else { return .notFound }
            let token = "ghs_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
            let expiresAt = now + Double(tokenLifetime.components.seconds)
            installationTokens[token] = InstallationTokenRecord(installationID: installationID, expiresAt: expiresAt)
            mintedTokenCount[installationID, default: 0] += 1
            let expiry = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: expiresAt))
            return .json(201, ["token": .string(token), "expires_at": .string(expiry), "permissions": ["pull_requests": "write"]])
        }
        if match.route == .user {
            guard let login = match.login, let id = userIDs[login.lowercased()] ?? (login.lowercased() == botLogin.lowercased() ? userID(of: login) : nil)
            else { return .notFound }
            return .json(200, ["login": .string(login), "id": .number(Double(id)), "type": login.hasSuffix("[bot]") ? "Bot" : "User"])
        }
        guard let name = match.repository, let repository = repositories[name.lowercased()] else { return .notFound }
        let pullKey = match.number.map { FakeGitHub.key(repository.fullName, $0) }
        switch match.route {
        case .accessToken, .user, .createPullRequest, .gitReference:
            return .notFound
        case .issues:
            return issuesPage(repository: repository, query: query, origin: origin)
        case .pullRequests:
            return pullRequestsPage(repository: repository, query: query, origin: origin)
        case .dependabotAlerts:
            return dependabotAlertsPage(repository: repository, query: query, origin: origin)
        case .repository:
            return .json(200, repositoryJSON(repository))
        case .compare:
            let range = (match.login ?? "").components(separatedBy: "...")
            guard range.count == 2, let record = pullRequests.values.first(where: { $0.repositoryID == repository.id && $0.headSHA == range[1] }),
                record.baseTip == range[0]
            else { return .notFound }
            return .json(200, ["merge_base_commit": ["sha": .string(record.baseSHA)], "status": "ahead"])
        case .issueComment:
            guard let id = match.id, let comment = comments[id], comment.path == nil else { return .notFound }
            return .json(200, commentJSON(comment))
        case .deleteReview:
            guard let pullKey, let id = match.id, let review = reviews[id], review.pullKey == pullKey,
                review.authorLogin == botLogin || review.event != "PENDING"
            else { return .notFound }
            guard review.event == "PENDING" else { return .error(422, "Unprocessable Entity", errors: ["Can not delete a non-pending pull request review"]) }
            reviews[id] = nil
            pullRequests[pullKey]?.reviewIDs.removeAll { $0 == id }
            for commentID in review.commentIDs { comments[commentID] = nil }
            return .json(200, ["id": .number(Double(id)), "state": "PENDING"])
        case .listReviews:
            guard let pullKey, let record = pullRequests[pullKey] else { return .notFound }
            // A pending review is its author's alone: the caller (the bot) sees only its own.
            let visible = record.reviewIDs.compactMap { reviews[$0] }.filter { $0.event != "PENDING" || $0.authorLogin == botLogin }
            return page(visible.map(reviewJSON), query: query, origin: origin)
        case .repositoryInstallation:
            return .json(200, ["id": .number(Double(repository.installationID))])
        case .permission:
            let permission = permissions["\(repository.fullName.lowercased())|\((match.login ?? "").lowercased())"] ?? "none"
            return .json(200, ["permission": .string(permission)])
        case .pullRequest:
            guard let pullKey, let record = pullRequests[pullKey] else { return .notFound }
            return .json(200, pullRequestJSON(record, repository: repository))
        case .pullRequestFiles:
            guard let pullKey, let record = pullRequests[pullKey] else { return .notFound }
            return page(record.files.map(fileJSON), query: query, origin: origin)
        case .issueComments:
            guard let pullKey, let record = pullRequests[pullKey] else { return .notFound }
            return page(record.issueCommentIDs.compactMap { comments[$0] }.map(commentJSON), query: query, origin: origin)
        case .reviewComments:
            guard let pullKey, let record = pullRequests[pullKey] else { return .notFound }
            return page(record.reviewCommentIDs.compactMap { comments[$0] }.map(commentJSON), query: query, origin: origin)
        case .reviewComment:
            guard let id = match.id, let comment = comments[id], comment.path != nil else { return .notFound }
            return .json(200, commentJSON(comment))
        case .createIssueComment:
            guard let pullKey, pullRequests[pullKey] != nil || issues[pullKey] != nil else { return .notFound }
            guard let body = json?["body"]?.string, !body.isEmpty else { return .error(422, "Validation Failed", errors: ["body can't be blank"]) }
            let comment = FakeGitHubComment(
                id: takeID(), body: body, authorLogin: botLogin, path: nil, line: nil, side: nil, startLine: nil, inReplyToID: nil, reviewID: nil,
                reactions: []
            )
            comments[comment.id] = comment
            if pullRequests[pullKey] != nil {
                pullRequests[pullKey]?.issueCommentIDs.append(comment.id)
            } else {
                issues[pullKey]?.commentIDs.append(comment.id)
            }
            return .json(201, commentJSON(comment))
        case .editIssueComment:
            guard let id = match.id, var comment = comments[id], comment.path == nil else { return .notFound }
            guard comment.authorLogin == botLogin else { return .error(403, "Resource not accessible by integration") }
            guard let body = json?["body"]?.string, !body.isEmpty else { return .error(422, "Validation Failed", errors: ["body can't be blank"]) }
            comment.body = body
            comments[id] = comment
            return .json(200, commentJSON(comment))
        case .issueCommentReaction, .reviewCommentReaction:
            guard let id = match.id, let comment = comments[id], (comment.path != nil) == (match.route == .reviewCommentReaction) else { return .notFound }
            let allowed = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"]
            guard let content = json?["content"]?.string, allowed.contains(content) else {
                return .error(422, "Validation Failed", errors: ["content is not included in the list"])
            }
            comments[id]?.reactions.append(content)
            return .json(201, ["id": .number(Double(takeID())), "content": .string(content)])
        case .createReview:
            guard let pullKey, let record = pullRequests[pullKey] else { return .notFound }
            return createReview(json, record: record, pullKey: pullKey)
        case .replyToReviewComment:
            guard let pullKey, pullRequests[pullKey] != nil, let id = match.id, let parent = comments[id], parent.path != nil else { return .notFound }
            guard parent.inReplyToID == nil else {
                return .error(422, "Validation Failed", errors: ["in_reply_to_id cannot be a reply. Replies to replies are not supported."])
            }
            guard let body = json?["body"]?.string, !body.isEmpty else { return .error(422, "Validation Failed", errors: ["body can't be blank"]) }
            let reply = FakeGitHubComment(
                id: takeID(), body: body, authorLogin: botLogin, path: parent.path, line: parent.line, side: parent.side, startLine: nil,
                inReplyToID: id, reviewID: nil, reactions: []
            )
            comments[reply.id] = reply
            pullRequests[pullKey]?.reviewCommentIDs.append(reply.id)
            return .json(201, commentJSON(reply))
        }
    }

    /// `GET …/issues?state=open&labels=a,b`: open issues carrying every label, and open pull requests (GitHub lists them
    /// as issues too, with `pull_request`), by number.
    private func issuesPage(repository: RepositoryRecord, query: [String: String], origin: String) -> FakeGitHubResponse {
        let wanted = (query["labels"] ?? "").split(separator: ",").map { $0.lowercased() }
        let state = query["state"] ?? "open"
        var items: [(Int, ScriptedJSON)] = []
        for issue in issues.values where issue.repositoryID == repository.id && (state == "all" || issue.open == (state == "open")) {
            guard wanted.allSatisfy({ label in issue.labels.contains { $0.lowercased() == label } }) else { continue }
            items.append((issue.number, [
                "number": .number(Double(issue.number)), "title": .string(issue.title), "body": .string(issue.body), "state": issue.open ? "open" : "closed",
                "labels": .array(issue.labels.map { ["name": .string($0)] }),
                "html_url": .string("https://github.example/\(repository.fullName)/issues/\(issue.number)"),
            ]))
        }
        if wanted.isEmpty {
            for pull in pullRequests.values where pull.repositoryID == repository.id && (state == "all" || pull.open == (state == "open")) {
                items.append((pull.number, [
                    "number": .number(Double(pull.number)), "title": .string(pull.title), "state": pull.open ? "open" : "closed", "labels": [],
                    "pull_request": ["url": .string("https://github.example/\(repository.fullName)/pull/\(pull.number)")],
                ]))
            }
        }
        return page(items.sorted { $0.0 < $1.0 }.map(\.1), query: query, origin: origin)
    }

    /// `POST …/pulls`: opens a pull request from a branch of the repository, as GitHub does (422 for a missing head or
    /// base, or when an open pull request already has the head).
    func createPullRequest(_ json: ScriptedJSON?, repository name: String) async -> FakeGitHubResponse {
        guard let repository = repositories[name.lowercased()] else { return .notFound }
        guard let title = json?["title"]?.string, !title.isEmpty, let head = json?["head"]?.string, let base = json?["base"]?.string else {
            return .error(422, "Validation Failed", errors: ["title, head and base are required"])
        }
        if pullRequests.values.contains(where: { $0.repositoryID == repository.id && $0.open && $0.headRef == head && $0.baseRef == base }) {
            return .error(422, "Validation Failed", errors: ["A pull request already exists for \(repository.fullName.split(separator: "/")[0]):\(head)."])
        }
        let numbers = pullRequests.values.filter { $0.repositoryID == repository.id }.map(\.number)
            + issues.values.filter { $0.repositoryID == repository.id }.map(\.number)
        var record = PullRequestRecord(
            repositoryID: repository.id, number: (numbers.max() ?? 0) + 1, title: title, body: json?["body"]?.string ?? "", authorLogin: botLogin,
            headRef: head, baseRef: base, headSHA: "", baseSHA: "", draft: json?["draft"]?.bool ?? false, files: []
        )
        do {
            try await computeDiff(&record, repositoryPath: repository.repositoryPath)
        } catch {
            return .error(422, "Validation Failed", errors: ["head or base is not a branch of \(repository.fullName)"])
        }
        pullRequests[Self.key(repository.fullName, record.number)] = record
        return .json(201, pullRequestJSON(record, repository: repository))
    }

    /// Creates a review all-or-nothing, validating every comment's anchor against the diff first.
    private func createReview(_ json: ScriptedJSON?, record: PullRequestRecord, pullKey: String) -> FakeGitHubResponse {
        let event = json?["event"]?.string ?? "PENDING"
        guard ["COMMENT", "APPROVE", "REQUEST_CHANGES", "PENDING"].contains(event) else {
            return .error(422, "Unprocessable Entity", errors: ["\"\(event)\" is not a valid event"])
        }
        if let commit = json?["commit_id"]?.string, commit != record.headSHA {
            return .error(422, "Unprocessable Entity", errors: ["commit_id is not the head of the pull request"])
        }
        let body = json?["body"]?.string ?? ""
        let requested = json?["comments"]?.array ?? []
        if event != "APPROVE", body.isEmpty, requested.isEmpty {
            return .error(422, "Unprocessable Entity", errors: ["Review body is required"])
        }
        var accepted: [FakeGitHubComment] = []
        var errors: [String] = []
        for entry in requested {
            guard let path = entry["path"]?.string, let text = entry["body"]?.string, let line = entry["line"]?.number.map({ Int($0) }) else {
                errors.append("Pull request review thread diff hunk can't be blank")
                continue
            }
            let side = entry["side"]?.string ?? "RIGHT"
            guard side == "LEFT" || side == "RIGHT" else {
                errors.append("\"\(side)\" is not a valid side")
                continue
            }
            guard let file = record.files.first(where: { $0.file.newPath == path }) else {
                errors.append("Pull request review thread path could not be resolved")
                continue
            }
            guard let hunk = file.hunk(line: line, side: side), !refusedAnchors.contains("\(path):\(line)") else {
                errors.append("Pull request review thread line must be part of the diff")
                continue
            }
            let startLine = entry["start_line"]?.number.map { Int($0) }
            if let startLine {
                let startSide = entry["start_side"]?.string ?? side
                guard startLine <= line, file.hunk(line: startLine, side: startSide) == hunk else {
                    errors.append("Pull request review thread start line must be part of the same hunk as the line.")
                    continue
                }
            }
            accepted.append(
                FakeGitHubComment(
                    id: 0, body: text, authorLogin: botLogin, path: path, line: line, side: side, startLine: startLine, inReplyToID: nil,
                    reviewID: nil, reactions: []
                )
            )
        }
        guard errors.isEmpty else { return .error(422, "Unprocessable Entity", errors: Array(Set(errors)).sorted()) }
        // GitHub creates every review pending first, so any new review of a user who has one pending is refused.
        if record.reviewIDs.contains(where: { reviews[$0]?.event == "PENDING" && reviews[$0]?.authorLogin == botLogin }) {
            return .error(422, "Unprocessable Entity", errors: ["User can only have one pending review per pull request"])
        }
        let reviewID = takeID()
        var commentIDs: [Int] = []
        for var comment in accepted {
            comment.id = takeID()
            comment.reviewID = reviewID
            comments[comment.id] = comment
            commentIDs.append(comment.id)
        }
        reviews[reviewID] = FakeGitHubReview(
            id: reviewID, body: body, event: event, commitID: record.headSHA, commentIDs: commentIDs, pullKey: pullKey, authorLogin: botLogin
        )
        pullRequests[pullKey]?.reviewIDs.append(reviewID)
        // A pending review's comments are its author's alone until it is submitted: the pull request's lists leave them out.
        if event != "PENDING" { pullRequests[pullKey]?.reviewCommentIDs += commentIDs }
        return .json(200, ["id": .number(Double(reviewID)), "state": event == "COMMENT" ? "COMMENTED" : .string(event), "body": .string(body)])
    }

    /// A review as `GET …/reviews` shows it.
    private func reviewJSON(_ review: FakeGitHubReview) -> ScriptedJSON {
        let state: String =
            switch review.event {
            case "COMMENT": "COMMENTED"
            case "APPROVE": "APPROVED"
            case "REQUEST_CHANGES": "CHANGES_REQUESTED"
            default: review.event
            }
        return [
            "id": .number(Double(review.id)), "state": .string(state), "body": .string(review.body), "commit_id": .string(review.commitID),
            "user": ["login": .string(review.authorLogin), "id": .number(Double(userID(of: review.authorLogin)))],
        ]
    }

    /// One page of a list, with GitHub's `Link` header; its links keep the request's other parameters (`state`,
    /// `labels`, …), as GitHub's do.
    func page(_ items: [ScriptedJSON], query: [String: String], origin: String) -> FakeGitHubResponse {
        let perPage = min(100, max(1, query["per_page"].flatMap { Int($0) } ?? 30))
        let page = max(1, query["page"].flatMap { Int($0) } ?? 1)
        let start = min(items.count, (page - 1) * perPage)
        let slice = Array(items[start..<min(items.count, start + perPage)])
        let last = max(1, (items.count + perPage - 1) / perPage)
        func link(_ number: Int, _ relation: String) -> String {
            var parameters = query
            parameters["per_page"] = String(perPage)
            parameters["page"] = String(number)
            return "<\(origin)?\(Self.encodedQuery(parameters))>; rel=\"\(relation)\""
        }
        var links: [String] = []
        if page < last {
            links.append(link(page + 1, "next"))
            links.append(link(last, "last"))
        }
        if page > 1 {
            links.append(link(1, "first"))
            links.append(link(page - 1, "prev"))
        }
        return .json(200, .array(slice), headers: links.isEmpty ? [:] : ["link": links.joined(separator: ", ")])
    }

    func pullRequestJSON(_ record: PullRequestRecord, repository: RepositoryRecord) -> ScriptedJSON {
        let repo: ScriptedJSON = ["id": .number(Double(repository.id)), "full_name": .string(repository.fullName), "clone_url": repository.cloneURL.map { .string($0) } ?? .null]
        return [
            "number": .number(Double(record.number)), "state": record.open ? "open" : "closed", "draft": .bool(record.draft), "merged": false,
            "created_at": .string(ISO8601DateFormatter().string(from: record.createdAt)),
            "title": .string(record.title), "body": .string(record.body), "user": ["login": .string(record.authorLogin), "id": .number(Double(userID(of: record.authorLogin)))],
            "head": ["sha": .string(record.headSHA), "ref": .string(record.headRef), "repo": repo],
            "base": ["sha": .string(record.baseTip), "ref": .string(record.baseRef), "repo": repo],
            "html_url": .string("https://github.example/\(repository.fullName)/pull/\(record.number)"),
        ]
    }

    private func repositoryJSON(_ repository: RepositoryRecord) -> ScriptedJSON {
        [
            "id": .number(Double(repository.id)), "full_name": .string(repository.fullName),
            "default_branch": .string(repository.defaultBranch),
            "clone_url": .string(repository.cloneURL ?? "https://github.example/\(repository.fullName).git"),
            "html_url": .string("https://github.example/\(repository.fullName)"),
        ]
    }

    private func fileJSON(_ diff: FakeGitHubDiffFile) -> ScriptedJSON {
        let file = diff.file
        let status = file.newFile ? "added" : file.deletedFile ? "removed" : file.renamedFile ? "renamed" : "modified"
        var object: [String: ScriptedJSON] = ["filename": .string(file.newPath), "status": .string(status)]
        if file.renamedFile { object["previous_filename"] = .string(file.oldPath) }
        if !file.diff.isEmpty { object["patch"] = .string(String(file.diff.dropLast(file.diff.hasSuffix("\n") ? 1 : 0))) }
        return .object(object)
    }

    private func commentJSON(_ comment: FakeGitHubComment) -> ScriptedJSON {
        var object: [String: ScriptedJSON] = [
            "id": .number(Double(comment.id)), "body": .string(comment.body),
            "user": ["login": .string(comment.authorLogin), "id": .number(Double(userID(of: comment.authorLogin))), "type": comment.authorLogin.hasSuffix("[bot]") ? "Bot" : "User"],
        ]
        if let path = comment.path { object["path"] = .string(path) }
        if let line = comment.line { object["line"] = .number(Double(line)) }
        if let side = comment.side { object["side"] = .string(side) }
        if let startLine = comment.startLine { object["start_line"] = .number(Double(startLine)) }
        if let reply = comment.inReplyToID { object["in_reply_to_id"] = .number(Double(reply)) }
        if let review = comment.reviewID { object["pull_request_review_id"] = .number(Double(review)) }
        return .object(object)
    }
}
