import Testing
import WardenCore

/// `proxy.url`, `proxy.no_proxy` and `codex.https_proxy`: the URL grammar and the bypass decision, as tables.
@Suite("Proxy settings")
struct ProxySettingsTests {
    @Test(
        "proxy URLs: http://host:port only, without credentials or a path",
        arguments: [
            ("http://egress-proxy:3128", "egress-proxy", 3128),
            ("http://egress-proxy:3129/", "egress-proxy", 3129),
            ("HTTP://10.0.0.7:8080", "10.0.0.7", 8080),
            ("http://[::1]:3128", "::1", 3128),
            ("http://proxy.example.com", "proxy.example.com", 80),
        ] as [(String, String, Int)]
    )
    func accepted(_ text: String, host: String, port: Int) {
        #expect(ProxyEndpoint(url: text) == ProxyEndpoint(host: host, port: port))
    }

    @Test(
        "refused proxy URLs",
        arguments: [
            "https://proxy:3128", "proxy:3128", "http://user:pass@proxy:3128", "http://proxy:3128/path", "http://proxy:0",
            "http://proxy:65536", "http://proxy:x", "http://", "http://pro xy:1", "http://proxy:3128?a=b", "http://[::1", "socks5://p:1",
        ]
    )
    func refused(_ text: String) {
        #expect(ProxyEndpoint(url: text) == nil)
    }

    @Test(
        "no_proxy: a host, a domain and what is under it, * for everything; case and a trailing dot do not matter",
        arguments: [
            (["gitlab.example.com"], "gitlab.example.com", true),
            (["gitlab.example.com"], "GitLab.Example.COM.", true),
            (["example.com"], "gitlab.example.com", true),
            ([".example.com"], "gitlab.example.com", true),
            (["*.example.com"], "gitlab.example.com", true),
            (["example.com"], "badexample.com", false),
            (["example.com"], "example.com.attacker.test", false),
            (["127.0.0.1"], "127.0.0.1", true),
            (["127.0.0.1"], "127.0.0.10", false),
            (["::1"], "[::1]", true),
            (["*"], "anything.test", true),
            ([], "gitlab.example.com", false),
            ([""], "gitlab.example.com", false),
        ] as [([String], String, Bool)]
    )
    func bypass(_ entries: [String], host: String, bypasses: Bool) {
        #expect(NoProxyList(entries).bypasses(host) == bypasses)
    }

    @Test("a host goes through the proxy unless no_proxy names it; without a proxy everything is direct")
    func decision() {
        let endpoint = ProxyEndpoint(host: "egress", port: 3128)
        let settings = ProxySettings(endpoint: endpoint)
        #expect(settings.endpoint(for: "gitlab.example.com") == endpoint)
        #expect(settings.endpoint(for: "localhost") == nil)
        #expect(settings.endpoint(for: "127.0.0.1") == nil)
        #expect(ProxySettings(endpoint: nil).endpoint(for: "gitlab.example.com") == nil)
    }

    static func values(_ environment: [String: String]) throws -> ConfigurationValues {
        try ConfigurationLoader.values(
            configPath: nil,
            environment: environment,
            host: ConfigurationHost(standardErrorIsTerminal: false, currentDirectory: "/srv", isExecutable: { _ in false }),
            registry: WardenConfiguration.Registry.registry
        )
    }

    @Test("loaded from the environment; a refused URL is not quoted, since it may hold credentials")
    func loading() throws {
        let registry = WardenConfiguration.Registry.self
        let values = try Self.values(
            ["WARDEN_HTTPS_PROXY": "http://egress:3128", "WARDEN_NO_PROXY": "gitlab.internal, .svc", "WARDEN_CODEX_HTTPS_PROXY": "http://egress:3129"]
        )
        #expect(try values.value(registry.proxyURL) == ProxyEndpoint(host: "egress", port: 3128))
        #expect(try values.value(registry.proxyNoProxy) == ["gitlab.internal", ".svc"])
        #expect(try values.value(registry.codexHTTPSProxy) == ProxyEndpoint(host: "egress", port: 3129))
        #expect(try Self.values([:]).value(registry.proxyNoProxy) == ProxySettings.defaultNoProxy)

        let bad = try Self.values(["WARDEN_HTTPS_PROXY": "http://bob:hunter2@egress:3128"])
        let error = #expect(throws: ConfigurationError.self) { try bad.value(registry.proxyURL) }
        #expect(error.map { !"\($0)".contains("hunter2") && "\($0)".contains("WARDEN_HTTPS_PROXY") } == true)
    }
}
