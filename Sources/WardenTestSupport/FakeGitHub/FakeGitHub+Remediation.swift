import Foundation

/// The routes remediation reads: Dependabot alerts, the pull request list and git refs.
extension FakeGitHub {
    /// The states and severities GitHub's alert filters accept; anything else is 422, as GitHub answers.
    static let alertStates: Set<String> = ["auto_dismissed", "dismissed", "fixed", "open"]
    static let alertSeverities: Set<String> = ["low", "medium", "high", "critical"]

    /// `GET …/dependabot/alerts`: filtered by `state` and `severity` (comma-separated lists), sorted by creation newest
    /// first (GitHub's default; the fake takes a higher number as newer), paged by cursor as GitHub does: `per_page`
    /// (at most 100), `after`/`before` cursors, and a `Link` header whose `next` carries `after=` and every other query
    /// parameter. The deprecated `page` is refused, so a client must follow the cursor. Disabled alerts are 403.
    func dependabotAlertsPage(repository: RepositoryRecord, query: [String: String], origin: String) -> FakeGitHubResponse {
        guard !dependabotDisabled.contains(repository.id) else {
            return .error(403, "Dependabot alerts are disabled for this repository.")
        }
        if query["page"] != nil {
            return .error(400, "Pagination using the `page` parameter is not supported. Use cursor-based pagination with `before` or `after` instead.")
        }
        let states = query["state"].map(Self.commaList)
        let severities = query["severity"].map(Self.commaList)
        guard states.map({ $0.isSubset(of: Self.alertStates) }) ?? true, severities.map({ $0.isSubset(of: Self.alertSeverities) }) ?? true else {
            return .error(422, "Validation Failed", errors: ["state or severity is not one of the accepted values"])
        }
        let perPage = query["per_page"].flatMap { Int($0) } ?? 30
        guard (1...100).contains(perPage) else { return .error(422, "Validation Failed", errors: ["per_page must be between 1 and 100"]) }
        var alerts = (dependabotAlerts[repository.id] ?? []).filter { alert in
            (states?.contains(alert.state) ?? true) && (severities?.contains(alert.severity) ?? true)
        }.sorted { $0.number > $1.number }
        if let after = query["after"] {
            guard let number = Self.alertNumber(cursor: after) else { return .error(400, "Bad Request", errors: ["after is not a valid cursor"]) }
            alerts = alerts.filter { $0.number < number }
        }
        if let before = query["before"] {
            guard let number = Self.alertNumber(cursor: before) else { return .error(400, "Bad Request", errors: ["before is not a valid cursor"]) }
            alerts = Array(alerts.filter { $0.number > number }.suffix(perPage))
        }
        let slice = Array(alerts.prefix(perPage))
        var headers: [String: String] = [:]
        if alerts.count > perPage, let last = slice.last {
            var next = query.filter { $0.key != "before" }
            next["after"] = Self.cursor(alertNumber: last.number)
            next["per_page"] = String(perPage)
            headers["link"] = "<\(origin)?\(Self.encodedQuery(next))>; rel=\"next\""
        }
        return .json(200, .array(slice.map { alertJSON($0, repository: repository) }), headers: headers)
    }

    /// `GET …/pulls`: `state` (`open` by default, `closed`, `all`), `head` (`owner:branch`; GitHub ignores a value
    /// without the owner), `base`, `sort` (`created` by default, or `updated`) and `direction` (`desc` by default for
    /// `created`), paged by number with a `Link` header.
    func pullRequestsPage(repository: RepositoryRecord, query: [String: String], origin: String) -> FakeGitHubResponse {
        let state = query["state"] ?? "open"
        guard ["open", "closed", "all"].contains(state) else { return .error(422, "Validation Failed", errors: ["state is not included in the list"]) }
        let sort = query["sort"] ?? "created"
        guard ["created", "updated", "popularity", "long-running"].contains(sort) else {
            return .error(422, "Validation Failed", errors: ["sort is not included in the list"])
        }
        let descending = (query["direction"] ?? (sort == "created" ? "desc" : "asc")) == "desc"
        var pulls = pullRequests.values.filter { $0.repositoryID == repository.id && (state == "all" || $0.open == (state == "open")) }
        if let head = query["head"], let colon = head.firstIndex(of: ":") {
            let owner = head[..<colon].lowercased()
            let branch = String(head[head.index(after: colon)...])
            let repositoryOwner = repository.fullName.split(separator: "/").first.map { $0.lowercased() } ?? ""
            pulls = pulls.filter { owner == repositoryOwner && $0.headRef == branch }
        }
        if let base = query["base"] { pulls = pulls.filter { $0.baseRef == base } }
        pulls.sort { descending ? ($0.createdAt, $0.number) > ($1.createdAt, $1.number) : ($0.createdAt, $0.number) < ($1.createdAt, $1.number) }
        return page(pulls.map { pullRequestJSON($0, repository: repository) }, query: query, origin: origin)
    }

    /// `GET …/git/ref/heads/{branch}`: the branch's ref from the repository on disk, 404 when it has none.
    func gitReference(repository name: String, ref: String) async -> FakeGitHubResponse {
        guard let repository = repositories[name.lowercased()] else { return .notFound }
        guard ref.hasPrefix("heads/"), let sha = try? await GitCommand.line(["-C", repository.repositoryPath, "rev-parse", "--verify", "--quiet", "refs/\(ref)^{commit}"]),
            !sha.isEmpty
        else { return .notFound }
        return .json(200, ["ref": .string("refs/\(ref)"), "object": ["sha": .string(sha), "type": "commit"]])
    }

    private func alertJSON(_ alert: FakeDependabotAlert, repository: RepositoryRecord) -> ScriptedJSON {
        let package: ScriptedJSON = ["ecosystem": .string(alert.ecosystem), "name": .string(alert.package)]
        let vulnerability: ScriptedJSON = [
            "package": package, "severity": .string(alert.severity), "vulnerable_version_range": .string(alert.vulnerableRange),
            "first_patched_version": alert.patchedVersion.map { ["identifier": .string($0)] } ?? .null,
        ]
        var identifiers: [ScriptedJSON] = []
        if let ghsa = alert.ghsaID { identifiers.append(["type": "GHSA", "value": .string(ghsa)]) }
        if let cve = alert.cveID { identifiers.append(["type": "CVE", "value": .string(cve)]) }
        return [
            "number": .number(Double(alert.number)), "state": .string(alert.state),
            "dependency": ["package": package, "manifest_path": .string(alert.manifest), "scope": "runtime", "relationship": "direct"],
            "security_advisory": [
                "ghsa_id": alert.ghsaID.map { .string($0) } ?? .null, "cve_id": alert.cveID.map { .string($0) } ?? .null,
                "summary": .string(alert.summary), "description": .string(alert.description), "severity": .string(alert.severity),
                "identifiers": .array(identifiers), "references": .array(alert.cveID.map { [["url": .string("https://nvd.nist.gov/vuln/detail/\($0)")]] } ?? []),
                "vulnerabilities": [vulnerability], "published_at": "2026-01-05T10:00:00Z", "updated_at": "2026-01-06T10:00:00Z", "withdrawn_at": .null,
            ],
            "security_vulnerability": vulnerability,
            "url": .string("https://api.github.example/repos/\(repository.fullName)/dependabot/alerts/\(alert.number)"),
            "html_url": .string("https://github.example/\(repository.fullName)/security/dependabot/\(alert.number)"),
            "created_at": "2026-02-01T08:00:00Z", "updated_at": "2026-02-01T08:00:00Z", "dismissed_at": .null, "dismissed_by": .null,
            "dismissed_reason": .null, "dismissed_comment": .null, "fixed_at": .null, "auto_dismissed_at": .null,
        ]
    }

    static func commaList(_ text: String) -> Set<String> {
        Set(text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// An opaque cursor, as GitHub's are (base64 of an internal position).
    static func cursor(alertNumber: Int) -> String {
        Data("cursor:v2:\(alertNumber)".utf8).base64EncodedString()
    }

    static func alertNumber(cursor: String) -> Int? {
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8), text.hasPrefix("cursor:v2:") else { return nil }
        return Int(text.dropFirst(10))
    }

    /// A query string from parameters, sorted by name, every value percent-encoded.
    static func encodedQuery(_ parameters: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return parameters.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }.joined(separator: "&")
    }
}
