import Foundation
import Testing
import WardenCore
import WardenTestSupport

@testable import Codex

@Suite("ChildEnvironment")
struct ChildEnvironmentTests {
    static let parent: [String: String] = [
        "PATH": "/usr/bin:/bin",
        "HOME": "/home/warden",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "LC_CTYPE": "C.UTF-8",
        "TZ": "UTC",
        "CODEX_HOME": "/var/lib/warden/codex",
        "OPENAI_API_KEY": "sk-provider",
        "CODEX_API_KEY": "sk-codex",
        "HTTPS_PROXY": "http://proxy:3128",
        "no_proxy": "localhost",
        "WARDEN_GITLAB_TOKEN": "glpat-secret",
        "WARDEN_GATEWAY_API_KEY": "gw-secret",
        "WARDEN_CANARY": "canary",
        "AWS_SECRET_ACCESS_KEY": "aws",
        "GITHUB_TOKEN": "ghp_1",
        "SSH_AUTH_SOCK": "/run/ssh",
        "LD_PRELOAD": "/evil.so",
        "RUST_BACKTRACE": "1",
        "CUSTOM_KEY": "custom",
    ]

    @Test(
        "passes only allowlisted variables",
        arguments: [
            ("PATH", true), ("HOME", true), ("LANG", true), ("LC_ALL", true), ("LC_CTYPE", true), ("TZ", true),
            ("CODEX_HOME", true), ("OPENAI_API_KEY", true), ("CODEX_API_KEY", true), ("HTTPS_PROXY", true),
            ("no_proxy", true), ("WARDEN_GITLAB_TOKEN", false), ("WARDEN_GATEWAY_API_KEY", false),
            ("WARDEN_CANARY", false), ("AWS_SECRET_ACCESS_KEY", false), ("GITHUB_TOKEN", false),
            ("SSH_AUTH_SOCK", false), ("LD_PRELOAD", false), ("CUSTOM_KEY", false),
        ]
    )
    func allowlist(_ name: String, _ passed: Bool) {
        let child = ChildEnvironment().build(from: Self.parent)
        #expect((child[name] != nil) == passed)
        if passed { #expect(child[name] == Self.parent[name]) }
    }

    @Test("always sets RUST_BACKTRACE=0")
    func backtrace() {
        #expect(ChildEnvironment().build(from: Self.parent)["RUST_BACKTRACE"] == "0")
        #expect(ChildEnvironment().build(from: [:]) == ["RUST_BACKTRACE": "0"])
    }

    @Test("passes configured provider key variables by name instead of the defaults")
    func configuredKeys() {
        let child = ChildEnvironment(providerKeyVariables: ["CUSTOM_KEY"]).build(from: Self.parent)
        #expect(child["CUSTOM_KEY"] == "custom")
        #expect(child["OPENAI_API_KEY"] == nil)
        #expect(child["CODEX_API_KEY"] == nil)
    }

    @Test("never passes WARDEN_ variables, even when configured by name or as fixed values")
    func neverWarden() {
        let policy = ChildEnvironment(
            providerKeyVariables: ["WARDEN_GATEWAY_API_KEY"],
            proxyVariables: ["WARDEN_GITLAB_TOKEN"],
            fixedValues: ["WARDEN_CANARY": "x", "CODEX_HOME": "/fixed"]
        )
        let child = policy.build(from: Self.parent)
        #expect(!child.keys.contains { $0.hasPrefix("WARDEN_") })
        #expect(child["CODEX_HOME"] == "/fixed")
    }

    @Test("puts a directory first on PATH, once", arguments: [
        (nil as String?, "/w/codex-path"), ("", "/w/codex-path"), ("/usr/bin:/bin", "/w/codex-path:/usr/bin:/bin"),
        ("/usr/bin:/w/codex-path:/bin", "/w/codex-path:/usr/bin:/bin"),
    ])
    func prependsToPath(_ path: String?, _ expected: String) {
        #expect(ChildEnvironment.path(path, prepending: "/w/codex-path") == expected)
    }

    @Test("the wheel's codex-path folder comes first on PATH; any other layout leaves PATH alone")
    func bundledTools() throws {
        let codex = try CodexBinary.path()
        let tools = URL(fileURLWithPath: codex).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("codex-path").path
        let child = ChildEnvironment().build(from: Self.parent, codexExecutable: codex)
        #expect(child["PATH"] == tools + ":/usr/bin:/bin")
        #expect(FileManager.default.isExecutableFile(atPath: tools + "/rg"), "the wheel ships ripgrep there")
        #expect(ChildEnvironment().build(from: Self.parent, codexExecutable: "/usr/local/bin/codex")["PATH"] == "/usr/bin:/bin")
        #expect(ChildEnvironment().build(from: Self.parent)["PATH"] == "/usr/bin:/bin")
    }

    @Test("codex.https_proxy replaces every proxy variable of Warden's environment with codex's own proxy, loopback exempt")
    func codexProxy() {
        var codex = CodexSettings(binary: "/bin/codex", home: "/codex-home")
        codex.httpsProxy = ProxyEndpoint(host: "egress-proxy", port: 3129)
        var parent = Self.parent
        parent["http_proxy"] = "http://warden-only:3128"
        let built = ChildEnvironment(codex: codex).build(from: parent)
        for name in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"] {
            #expect(built[name] == "http://egress-proxy:3129", "\(name)")
        }
        #expect(built["NO_PROXY"] == "localhost,127.0.0.1,::1")
        #expect(built["no_proxy"] == "localhost,127.0.0.1,::1")
        #expect(built["CODEX_HOME"] == "/codex-home")
        #expect(built["OPENAI_API_KEY"] == "sk-provider")
        #expect(built["ALL_PROXY"] == nil)

        codex.httpsProxy = nil
        let inherited = ChildEnvironment(codex: codex).build(from: parent)
        #expect(inherited["HTTPS_PROXY"] == "http://proxy:3128")
        #expect(inherited["http_proxy"] == "http://warden-only:3128")
    }
}
