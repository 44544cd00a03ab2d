import Foundation

/// The JSON GitHub's REST API answers with, as far as the client reads it.
enum GitHubPayload {
    struct User: Decodable {
        var login: String
        var id: Int
    }

    struct Repository: Decodable {
        var id: Int?
        var fullName: String?
        var defaultBranch: String?
        var cloneURL: String?
        var htmlURL: String?

        enum CodingKeys: String, CodingKey {
            case id
            case fullName = "full_name"
            case defaultBranch = "default_branch"
            case cloneURL = "clone_url"
            case htmlURL = "html_url"
        }
    }

    /// `GET /repos/{owner}/{repo}/compare/{base}...{head}`, as far as the merge base.
    struct Comparison: Decodable {
        struct Commit: Decodable { var sha: String }
        var mergeBaseCommit: Commit

        enum CodingKeys: String, CodingKey {
            case mergeBaseCommit = "merge_base_commit"
        }
    }

    struct Branch: Decodable {
        var sha: String
        var ref: String
        var repo: Repository?
    }

    struct PullRequest: Decodable {
        var number: Int
        var state: String
        var draft: Bool?
        var merged: Bool?
        var title: String
        var body: String?
        var user: User
        var head: Branch
        var base: Branch
        var htmlURL: String?
        var createdAt: String?

        enum CodingKeys: String, CodingKey {
            case number, state, draft, merged, title, body, user, head, base
            case htmlURL = "html_url"
            case createdAt = "created_at"
        }

        var model: GitHubPullRequest {
            GitHubPullRequest(
                number: number, state: state, draft: draft ?? false, merged: merged ?? false, title: title, body: body ?? "",
                authorLogin: user.login, headSHA: head.sha, headRef: head.ref, baseSHA: base.sha, baseRef: base.ref,
                cloneURL: base.repo?.cloneURL, webURL: htmlURL ?? "", headRepositoryFullName: head.repo?.fullName,
                createdAt: createdAt.flatMap { ISO8601DateFormatter().date(from: $0) }
            )
        }
    }

    /// One file of `GET …/pulls/{n}/files`.
    struct File: Decodable {
        var filename: String
        var previousFilename: String?
        var status: String
        var patch: String?

        enum CodingKeys: String, CodingKey {
            case filename, status, patch
            case previousFilename = "previous_filename"
        }

        var model: FileDiff {
            FileDiff(
                oldPath: previousFilename ?? filename,
                newPath: filename,
                diff: patch.map { $0.hasSuffix("\n") || $0.isEmpty ? $0 : $0 + "\n" } ?? "",
                newFile: status == "added",
                renamedFile: status == "renamed",
                deletedFile: status == "removed",
                // GitHub leaves `patch` out of files too large to show.
                tooLarge: patch == nil && status != "renamed" && status != "removed"
            )
        }
    }

    struct Comment: Decodable {
        var id: Int
        var body: String?
        var user: User
        var path: String?
        var line: Int?
        var side: String?
        var inReplyToID: Int?

        enum CodingKeys: String, CodingKey {
            case id, body, user, path, line, side
            case inReplyToID = "in_reply_to_id"
        }

        var model: GitHubComment {
            GitHubComment(id: id, body: body ?? "", authorLogin: user.login, authorID: user.id, path: path, line: line, side: side, inReplyToID: inReplyToID)
        }
    }

    struct Review: Decodable {
        var id: Int
    }

    /// One item of `GET …/pulls/{n}/reviews`.
    struct ReviewSummary: Decodable {
        var id: Int
        var state: String
        var user: User?

        var model: GitHubReview {
            GitHubReview(id: id, state: state, authorID: user?.id, authorLogin: user?.login)
        }
    }

    /// One item of `GET …/issues`: an issue, or a pull request (which carries `pull_request`).
    struct IssueItem: Decodable {
        struct Label: Decodable { var name: String }
        struct PullRequestLink: Decodable {}
        var number: Int
        var title: String
        var body: String?
        var labels: [Label]?
        var htmlURL: String?
        var pullRequest: PullRequestLink?

        enum CodingKeys: String, CodingKey {
            case number, title, body, labels
            case htmlURL = "html_url"
            case pullRequest = "pull_request"
        }

        var model: Issue {
            Issue(iid: number, title: title, description: body ?? "", labels: (labels ?? []).map(\.name), webURL: htmlURL ?? "")
        }
    }

    struct Installation: Decodable {
        var id: Int
    }

    struct InstallationToken: Decodable {
        var token: String
        var expiresAt: String

        enum CodingKeys: String, CodingKey {
            case token
            case expiresAt = "expires_at"
        }
    }

    struct Permission: Decodable {
        var permission: String
    }

    /// GitHub's error body: `{"message": "…", "errors": ["…"] | [{"message": "…"}], "documentation_url": "…"}`.
    struct ErrorBody: Decodable {
        var message: String?
        var errors: [ErrorDetail]?

        struct ErrorDetail: Decodable {
            var text: String?

            init(from decoder: any Decoder) throws {
                if let text = try? decoder.singleValueContainer().decode(String.self) {
                    self.text = text
                } else {
                    struct Object: Decodable { var message: String?; var code: String? }
                    let object = try? Object(from: decoder)
                    self.text = object?.message ?? object?.code
                }
            }
        }

        var text: String? {
            let details = (errors ?? []).compactMap(\.text)
            guard let message else { return details.isEmpty ? nil : details.joined(separator: "; ") }
            return details.isEmpty ? message : message + ": " + details.joined(separator: "; ")
        }
    }
}

/// The JSON bodies the client sends.
enum GitHubRequestBody {
    struct PullRequest: Encodable {
        var title: String
        var body: String
        var head: String
        var base: String
        var draft: Bool
    }

    struct Body: Encodable {
        var body: String
    }

    struct Reaction: Encodable {
        var content: String
    }

    struct Review: Encodable {
        var commitID: String
        var body: String
        /// `COMMENT`; `nil` leaves the review pending (visible to its author only, until submitted or deleted).
        var event: String?
        var comments: [Comment]

        enum CodingKeys: String, CodingKey {
            case body, event, comments
            case commitID = "commit_id"
        }

        struct Comment: Encodable {
            var path: String
            var body: String
            var line: Int
            var side: String
            var startLine: Int?
            var startSide: String?

            enum CodingKeys: String, CodingKey {
                case path, body, line, side
                case startLine = "start_line"
                case startSide = "start_side"
            }
        }
    }
}

extension GitHubPayload {
    /// One item of `GET …/dependabot/alerts`, in GitHub's documented shape (`dependency.package`,
    /// `security_advisory`, `security_vulnerability`); fields GitHub may leave out or null are optional.
    struct DependabotAlert: Decodable {
        struct Package: Decodable {
            var ecosystem: String?
            var name: String?
        }

        struct Dependency: Decodable {
            var package: Package?
            var manifestPath: String?

            enum CodingKeys: String, CodingKey {
                case package
                case manifestPath = "manifest_path"
            }
        }

        struct Reference: Decodable { var url: String? }

        struct Advisory: Decodable {
            var ghsaID: String?
            var cveID: String?
            var summary: String?
            var description: String?
            var severity: String?
            var references: [Reference]?

            enum CodingKeys: String, CodingKey {
                case summary, description, severity, references
                case ghsaID = "ghsa_id"
                case cveID = "cve_id"
            }
        }

        struct PatchedVersion: Decodable { var identifier: String? }

        struct Vulnerability: Decodable {
            var package: Package?
            var severity: String?
            var vulnerableVersionRange: String?
            var firstPatchedVersion: PatchedVersion?

            enum CodingKeys: String, CodingKey {
                case package, severity
                case vulnerableVersionRange = "vulnerable_version_range"
                case firstPatchedVersion = "first_patched_version"
            }
        }

        var number: Int
        var state: String?
        var dependency: Dependency?
        var securityAdvisory: Advisory?
        var securityVulnerability: Vulnerability?
        var htmlURL: String?

        enum CodingKeys: String, CodingKey {
            case number, state, dependency
            case securityAdvisory = "security_advisory"
            case securityVulnerability = "security_vulnerability"
            case htmlURL = "html_url"
        }

        var model: GitHubDependabotAlert {
            let package = dependency?.package ?? securityVulnerability?.package
            return GitHubDependabotAlert(
                number: number,
                state: state ?? "open",
                packageName: package?.name ?? "",
                ecosystem: package?.ecosystem ?? "",
                manifestPath: dependency?.manifestPath ?? "",
                severity: (securityVulnerability?.severity ?? securityAdvisory?.severity ?? "").lowercased(),
                vulnerableRange: securityVulnerability?.vulnerableVersionRange ?? "",
                fixedVersion: securityVulnerability?.firstPatchedVersion?.identifier,
                ghsaID: securityAdvisory?.ghsaID,
                cveID: securityAdvisory?.cveID,
                summary: securityAdvisory?.summary ?? "",
                description: securityAdvisory?.description ?? "",
                references: (securityAdvisory?.references ?? []).compactMap(\.url),
                htmlURL: htmlURL ?? ""
            )
        }
    }

    /// `GET …/git/ref/{ref}`, as far as the ref's name.
    struct GitReference: Decodable {
        var ref: String
    }
}
