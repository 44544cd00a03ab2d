import Forge
import Testing

@Suite("A GitHub repository named by its web address")
struct GitHubRepositoryWebURLTests {
    @Test(
        "reads owner and name on github.com or the Enterprise Server host",
        arguments: [
            ("https://github.com/acme/app", nil, "acme/app"),
            ("https://github.com/acme/app/", nil, "acme/app"),
            ("https://github.com/acme/app.git", nil, "acme/app"),
            ("https://GitHub.com/Acme/App", nil, "Acme/App"),
            ("https://ghe.example.com/platform/warden", "ghe.example.com", "platform/warden"),
            ("http://127.0.0.1:8443/acme/app", "127.0.0.1", "acme/app"),
        ] as [(String, String?, String)]
    )
    func reads(_ url: String, _ webHost: String?, _ fullName: String) {
        #expect(GitHubRepositoryRef(webURL: url, webHost: webHost)?.fullName == fullName)
    }

    @Test(
        "refuses other hosts, schemes and paths",
        arguments: [
            ("https://gitlab.example.com/group/app", "ghe.example.com"),
            ("https://ghe.example.com/acme/app", nil),
            ("ssh://github.com/acme/app", nil),
            ("https://github.com/acme", nil),
            ("https://github.com/acme/app/pull/3", nil),
            ("https://github.com/group/sub/app", nil),
            ("https://github.com/acme/app?tab=readme", nil),
            ("https://github.com/acme/app#readme", nil),
            ("https://user:secret@github.com/acme/app", nil),
            ("https://github.com/../app", nil),
            ("https://github.com//app", nil),
            ("https://github.com/acme/.git", nil),
            ("github.com/acme/app", nil),
        ] as [(String, String?)]
    )
    func refuses(_ url: String, _ webHost: String?) {
        #expect(GitHubRepositoryRef(webURL: url, webHost: webHost) == nil)
    }
}
