/// Maps a GitHub repository permission onto GitLab's access levels, so `review.min_access_level` means the same on
/// both forges: `read` is a guest (10), `triage` a reporter (20), `write` a developer (30), `maintain` a maintainer
/// (40), `admin` an owner (50); `none` and anything unknown is 0.
public enum GitHubPermissionLevel {
    /// The access level of a permission (`GET …/collaborators/{login}/permission`, `permission`).
    public static func accessLevel(of permission: String) -> Int {
        switch permission.lowercased() {
        case "admin": 50
        case "maintain": 40
        case "write": 30
        case "triage": 20
        case "read": 10
        default: 0
        }
    }
}
