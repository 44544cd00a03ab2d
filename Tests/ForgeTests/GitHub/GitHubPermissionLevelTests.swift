import Forge
import Testing

@Suite("GitHub permission levels")
struct GitHubPermissionLevelTests {
    @Test(
        "permissions map onto GitLab's access levels",
        arguments: [("admin", 50), ("maintain", 40), ("write", 30), ("triage", 20), ("read", 10), ("none", 0), ("WRITE", 30), ("owner", 0), ("", 0)]
    )
    func level(_ permission: String, _ expected: Int) {
        #expect(GitHubPermissionLevel.accessLevel(of: permission) == expected)
    }
}
