@testable import Git
import Testing

@Suite("What survives in a bare clone's configuration before git runs with the token")
struct RepositoryConfigPolicyTests {
    typealias Entry = RepositoryConfigPolicy.Entry
    static let url = "https://gitlab.example.com/acme/app.git"
    static let clean: [Entry] = [
        Entry(key: "core.repositoryformatversion", value: "0"), Entry(key: "core.filemode", value: "true"),
        Entry(key: "core.bare", value: "true"), Entry(key: "remote.origin.url", value: url),
    ]

    @Test(
        "keeps what git clone --bare writes and drops everything that could redirect a request",
        arguments: [
            ("a fresh clone", clean, [String](), false),
            ("insteadOf", clean + [Entry(key: "url.http://evil.test/.insteadof", value: "https://gitlab.example.com/")], ["url.http://evil.test/.insteadof"], true),
            ("pushInsteadOf", clean + [Entry(key: "url.http://evil.test/.pushinsteadof", value: "https://gitlab.example.com/")], ["url.http://evil.test/.pushinsteadof"], true),
            ("pushurl", clean + [Entry(key: "remote.origin.pushurl", value: "http://evil.test/x.git")], ["remote.origin.pushurl"], true),
            ("proxy", clean + [Entry(key: "http.proxy", value: "http://evil.test:3128")], ["http.proxy"], true),
            ("per-URL header", clean + [Entry(key: "http.https://gitlab.example.com/.proxy", value: "http://evil.test")], ["http.https://gitlab.example.com/.proxy"], true),
            ("include", clean + [Entry(key: "include.path", value: "/tmp/evil.config")], ["include.path"], true),
            ("includeIf", clean + [Entry(key: "includeif.gitdir:/.path", value: "/tmp/evil")], ["includeif.gitdir:/.path"], true),
            ("ssh command and hooks", clean + [Entry(key: "core.sshcommand", value: "sh -c evil"), Entry(key: "core.hookspath", value: "/tmp/h")], ["core.sshcommand", "core.hookspath"], true),
            ("worktree config", clean + [Entry(key: "extensions.worktreeconfig", value: "true")], ["extensions.worktreeconfig"], true),
            ("another remote URL", Array(clean.dropLast()) + [Entry(key: "remote.origin.url", value: "http://evil.test/app.git")], ["remote.origin.url"], true),
            ("a second remote URL", clean + [Entry(key: "remote.origin.url", value: "http://evil.test/app.git")], ["remote.origin.url"], true),
            ("an odd value", [Entry(key: "core.repositoryformatversion", value: "0 ; x")] + clean.dropFirst(), ["core.repositoryformatversion"], true),
            ("no remote yet", Array(clean.dropLast()), [], true),
        ]
    )
    func enforce(_ name: String, _ entries: [Entry], _ removed: [String], _ rewrite: Bool) {
        let verdict = RepositoryConfigPolicy.enforce(entries, remoteURL: Self.url)
        #expect(verdict.removed == removed, "\(name)")
        #expect(verdict.needsRewrite == rewrite, "\(name)")
        #expect(verdict.kept.filter { $0.key == "remote.origin.url" } == [Entry(key: "remote.origin.url", value: Self.url)], "\(name)")
        #expect(verdict.kept.allSatisfy { $0.key == "remote.origin.url" || RepositoryConfigPolicy.keptValues[$0.key] != nil }, "\(name)")
    }

    @Test("reads git config --list -z output, bare keys included")
    func parsesListing() {
        let listing = Array("core.bare\ntrue\0remote.origin.url\nhttp://x/y\0core.flag\0".utf8)
        #expect(
            RepositoryConfigPolicy.entries(ofListing: listing)
                == [Entry(key: "core.bare", value: "true"), Entry(key: "remote.origin.url", value: "http://x/y"), Entry(key: "core.flag", value: nil)]
        )
    }

    @Test("renders sections, subsections and quoted values")
    func renders() {
        let text = RepositoryConfigPolicy.render(Self.clean)
        #expect(
            text == "[core]\n\trepositoryformatversion = \"0\"\n\tfilemode = \"true\"\n\tbare = \"true\"\n[remote \"origin\"]\n\turl = \"\(Self.url)\"\n"
        )
        #expect(RepositoryConfigPolicy.render([Entry(key: "remote.origin.url", value: "a\"b\\c")]) == "[remote \"origin\"]\n\turl = \"a\\\"b\\\\c\"\n")
    }
}
