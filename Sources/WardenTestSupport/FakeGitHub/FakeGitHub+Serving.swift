import Foundation
import _CryptoExtras

extension FakeGitHub {
    /// A request matched to a route, with the path's parameters.
    struct Match {
        var route: FakeGitHubRoute
        var repository: String?
        var number: Int?
        var id: Int?
        var login: String?
    }

    /// Matches a method and path to a route.
    static func match(method: String, path: String) -> Match? {
        let parts = path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
        if parts.count == 4, parts[0] == "app", parts[1] == "installations", parts[3] == "access_tokens", method == "POST" {
            return Match(route: .accessToken, id: Int(parts[2]))
        }
        if parts.count == 2, parts[0] == "users", method == "GET" { return Match(route: .user, login: parts[1]) }
        if parts.count == 3, parts[0] == "repos", method == "GET" { return Match(route: .repository, repository: "\(parts[1])/\(parts[2])") }
        guard parts.count >= 4, parts[0] == "repos" else { return nil }
        let repository = "\(parts[1])/\(parts[2])"
        let rest = Array(parts.dropFirst(3))
        func match(_ route: FakeGitHubRoute, number: String? = nil, id: String? = nil, login: String? = nil) -> Match? {
            if let number, Int(number) == nil { return nil }
            if let id, Int(id) == nil { return nil }
            return Match(route: route, repository: repository, number: number.flatMap { Int($0) }, id: id.flatMap { Int($0) }, login: login)
        }
        switch (method, rest.count) {
        case ("GET", 1) where rest[0] == "installation": return match(.repositoryInstallation)
        case ("GET", 2) where rest[0] == "pulls": return match(.pullRequest, number: rest[1])
        case ("GET", 3) where rest[0] == "pulls" && rest[2] == "files": return match(.pullRequestFiles, number: rest[1])
        case ("GET", 3) where rest[0] == "pulls" && rest[1] == "comments": return match(.reviewComment, id: rest[2])
        case ("GET", 3) where rest[0] == "pulls" && rest[2] == "comments": return match(.reviewComments, number: rest[1])
        case ("POST", 3) where rest[0] == "pulls" && rest[2] == "reviews": return match(.createReview, number: rest[1])
        case ("DELETE", 4) where rest[0] == "pulls" && rest[2] == "reviews": return match(.deleteReview, number: rest[1], id: rest[3])
        case ("GET", 3) where rest[0] == "pulls" && rest[2] == "reviews": return match(.listReviews, number: rest[1])
        case ("GET", 2) where rest[0] == "compare": return Match(route: .compare, repository: repository, login: rest[1])
        case ("GET", 3) where rest[0] == "issues" && rest[1] == "comments": return match(.issueComment, id: rest[2])
        case ("POST", 4) where rest[0] == "pulls" && rest[1] == "comments" && rest[3] == "reactions": return match(.reviewCommentReaction, id: rest[2])
        case ("POST", 5) where rest[0] == "pulls" && rest[2] == "comments" && rest[4] == "replies":
            return match(.replyToReviewComment, number: rest[1], id: rest[3])
        case ("GET", 3) where rest[0] == "collaborators" && rest[2] == "permission": return match(.permission, login: rest[1])
        case ("GET", 1) where rest[0] == "issues": return match(.issues)
        case ("GET", 1) where rest[0] == "pulls": return match(.pullRequests)
        case ("GET", 2) where rest[0] == "dependabot" && rest[1] == "alerts": return match(.dependabotAlerts)
        case ("GET", 4...) where rest[0] == "git" && rest[1] == "ref":
            return Match(route: .gitReference, repository: repository, login: rest.dropFirst(2).joined(separator: "/"))
        case ("POST", 1) where rest[0] == "pulls": return match(.createPullRequest)
        case ("GET", 3) where rest[0] == "issues" && rest[2] == "comments": return match(.issueComments, number: rest[1])
        case ("POST", 3) where rest[0] == "issues" && rest[2] == "comments": return match(.createIssueComment, number: rest[1])
        case ("PATCH", 3) where rest[0] == "issues" && rest[1] == "comments": return match(.editIssueComment, id: rest[2])
        case ("POST", 4) where rest[0] == "issues" && rest[1] == "comments" && rest[3] == "reactions": return match(.issueCommentReaction, id: rest[2])
        default: return nil
        }
    }

    /// Records the request, checks its credentials, applies injected failures, then answers it.
    func serve(method: String, path: String, rawQuery: String?, headers: [String: String], body: Data) async -> FakeGitHubResponse {
        let json = ScriptedJSON.parse(body)
        let match = Self.match(method: method, path: path)
        let response = await answer(match: match, query: FakeGitLab.parseQuery(rawQuery), headers: headers, json: json, path: path)
        recorded.append(FakeGitHubCall(method: method, path: path, route: match?.route, status: response.status, json: json))
        return response
    }

    private func answer(match: Match?, query: [String: String], headers: [String: String], json: ScriptedJSON?, path: String) async -> FakeGitHubResponse {
        guard let match else { return .notFound }
        guard headers["authorization"] != nil else { return .error(401, "Requires authentication") }
        let bearer = headers["authorization"].flatMap { $0.lowercased().hasPrefix("bearer ") ? String($0.dropFirst(7)) : nil }
        let now = Date().timeIntervalSince1970
        switch match.route {
        case .accessToken, .repositoryInstallation:
            if let refusal = bearer.map({ jwtRefusal($0, now: now) }) ?? "A JSON web token could not be decoded" {
                return .error(401, refusal)
            }
        default:
            guard let bearer, isAuthorized(bearer, repository: match.repository, now: now) else { return .badCredentials }
        }
        if var queued = failures[match.route], !queued.isEmpty {
            let failure = queued.removeFirst()
            failures[match.route] = queued
            return .failure(failure, secondsSince1970: Int(now))
        }
        if match.route == .createPullRequest, let name = match.repository { return await createPullRequest(json, repository: name) }
        if match.route == .gitReference, let name = match.repository { return await gitReference(repository: name, ref: match.login ?? "") }
        return handle(match, query: query, json: json, origin: "http://\(headers["host"] ?? "127.0.0.1")\(path)", now: now)
    }

    /// Why GitHub would refuse `jwt` as the App's, or `nil` when it is valid.
    private func jwtRefusal(_ jwt: String, now: Double) -> String? {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        guard let appPublicKey, parts.count == 3,
            let header = Self.base64URLDecoded(parts[0]).flatMap({ ScriptedJSON.parse($0) }),
            let claims = Self.base64URLDecoded(parts[1]).flatMap({ ScriptedJSON.parse($0) }),
            let signature = Self.base64URLDecoded(parts[2])
        else { return "A JSON web token could not be decoded" }
        guard header["alg"]?.string == "RS256" else { return "A JSON web token could not be decoded" }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        guard appPublicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signingInput, padding: .insecurePKCS1v1_5) else {
            return "A JSON web token could not be decoded"
        }
        guard let issuer = claims["iss"]?.number ?? claims["iss"]?.string.flatMap(Double.init), Int(issuer) == appID else {
            return "'Issuer' claim ('iss') must be an Integer"
        }
        guard let issuedAt = claims["iat"]?.number, let expiresAt = claims["exp"]?.number else {
            return "Missing 'issued at' or 'expiration time' claim"
        }
        if issuedAt > now + 30 { return "'Issued at' claim ('iat') must be an Integer representing a time in the past" }
        if expiresAt <= now { return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires" }
        if expiresAt - issuedAt > 600 { return "'Expiration time' claim ('exp') is too far in the future" }
        return nil
    }

    private func isAuthorized(_ token: String, repository: String?, now: Double) -> Bool {
        if let personalToken, token == personalToken { return true }
        guard let record = installationTokens[token], record.expiresAt > now else { return false }
        guard let repository else { return true }
        return repositories[repository.lowercased()]?.installationID == record.installationID
    }

    private static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
