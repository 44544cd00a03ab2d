public import WardenCore

extension ChildEnvironment {
    /// The loopback names codex reaches directly even through `codex.https_proxy` (a local model server, the
    /// responses proxy).
    public static let loopbackNoProxy = "localhost,127.0.0.1,::1"

    /// The environment policy of every codex child, from the `codex` settings: the authentication variables by
    /// name, `CODEX_HOME`, and either the proxy variables of Warden's environment (``CodexSettings/proxyEnvironment``)
    /// or, with `codex.https_proxy`, only that proxy (both spellings, `NO_PROXY` for loopback).
    public init(codex: CodexSettings) {
        var fixed = ["CODEX_HOME": codex.home]
        guard let proxy = codex.httpsProxy else {
            self.init(providerKeyVariables: codex.passEnvironment, proxyVariables: codex.proxyEnvironment, fixedValues: fixed)
            return
        }
        for name in ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"] { fixed[name] = proxy.url }
        for name in ["NO_PROXY", "no_proxy"] { fixed[name] = Self.loopbackNoProxy }
        self.init(providerKeyVariables: codex.passEnvironment, proxyVariables: [], fixedValues: fixed)
    }
}
