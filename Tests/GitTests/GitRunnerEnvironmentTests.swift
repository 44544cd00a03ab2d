import Logging
import Testing
import WardenCore

@testable import Git

/// git's environment: the proxy and the credential go in as `GIT_CONFIG_*` pairs (never a file), `NO_PROXY` beside.
@Suite("GitRunner environment")
struct GitRunnerEnvironmentTests {
    static func runner(proxy: ProxySettings) -> GitRunner {
        GitRunner(home: "/data/git-home", searchPath: "/usr/bin", timeout: .seconds(5), gracePeriod: .seconds(1), proxy: proxy, logger: Logger(label: "test"))
    }

    @Test("with a proxy and a credential: both as configuration pairs, no_proxy in both spellings")
    func proxyAndCredential() {
        let proxy = ProxySettings(endpoint: ProxyEndpoint(host: "egress", port: 3128), noProxy: NoProxyList(["localhost", ".svc"]))
        let environment = Self.runner(proxy: proxy).environment(for: GitCommand(["fetch"], credential: GitCredential(token: Secret("glpat-x"))))
        #expect(environment["GIT_CONFIG_COUNT"] == "2")
        #expect(environment["GIT_CONFIG_KEY_0"] == "http.extraHeader")
        #expect(environment["GIT_CONFIG_KEY_1"] == "http.proxy")
        #expect(environment["GIT_CONFIG_VALUE_1"] == "http://egress:3128")
        #expect(environment["NO_PROXY"] == "localhost,.svc")
        #expect(environment["no_proxy"] == "localhost,.svc")
    }

    @Test("with a proxy and no credential: the proxy is the only pair")
    func proxyOnly() {
        let environment = Self.runner(proxy: ProxySettings(endpoint: ProxyEndpoint(host: "egress", port: 3128))).environment(for: GitCommand(["status"]))
        #expect(environment["GIT_CONFIG_COUNT"] == "1")
        #expect(environment["GIT_CONFIG_KEY_0"] == "http.proxy")
    }

    @Test("without a proxy: no proxy variable at all, whatever the command's own environment says")
    func direct() {
        let command = GitCommand(["fetch"], environment: ["WARDEN_HTTPS_PROXY": "http://x:1"])
        let environment = Self.runner(proxy: ProxySettings(endpoint: nil)).environment(for: command)
        #expect(environment["GIT_CONFIG_COUNT"] == nil)
        #expect(environment["NO_PROXY"] == nil)
        #expect(environment.keys.allSatisfy { !$0.hasPrefix("WARDEN_") })
    }
}
