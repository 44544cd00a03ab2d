import Foundation

/// The environment a codex child process gets: built from an allowlist, never inherited whole.
///
/// codex's own shell tool inherits codex's environment by default, so whatever codex gets the
/// model can read with `env`. Only what codex needs to run is passed: `PATH`, `HOME`, `LANG`,
/// `LC_*`, `TZ`, `CODEX_HOME`, the provider key variables (by name) and the proxy variables.
/// `RUST_BACKTRACE=0` keeps panics short in the stderr tail. Warden's own settings and secrets
/// (`WARDEN_*`) are never passed, even when configured by mistake.
public struct ChildEnvironment: Sendable, Equatable {
    /// Variables always passed when the parent has them.
    public static let baseVariables = ["PATH", "HOME", "LANG", "TZ", "CODEX_HOME"]
    /// Prefixes of variables always passed when the parent has them.
    public static let basePrefixes = ["LC_"]
    /// The provider key variables passed by default.
    public static let defaultProviderKeyVariables = ["OPENAI_API_KEY", "CODEX_API_KEY"]
    /// The proxy variables passed by default, in both spellings tools look for.
    public static let defaultProxyVariables = [
        "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "all_proxy", "no_proxy",
    ]
    /// The prefix of Warden's own variables, which never reach a child.
    public static let forbiddenPrefix = "WARDEN_"

    /// Variables holding the provider's API key, passed through by name.
    public var providerKeyVariables: [String]
    /// Proxy variables passed through by name.
    public var proxyVariables: [String]
    /// Values set explicitly (e.g. `CODEX_HOME` from configuration); they win over the parent's.
    public var fixedValues: [String: String]

    /// Creates an environment policy.
    ///
    /// - Parameters:
    ///   - providerKeyVariables: names of the API key variables to pass.
    ///   - proxyVariables: names of the proxy variables to pass.
    ///   - fixedValues: values to set regardless of the parent environment.
    public init(
        providerKeyVariables: [String] = ChildEnvironment.defaultProviderKeyVariables,
        proxyVariables: [String] = ChildEnvironment.defaultProxyVariables,
        fixedValues: [String: String] = [:]
    ) {
        self.providerKeyVariables = providerKeyVariables
        self.proxyVariables = proxyVariables
        self.fixedValues = fixedValues
    }

    /// The child's complete environment.
    ///
    /// - Parameters:
    ///   - parent: the environment to pick from, normally this process's own.
    ///   - codexExecutable: the codex binary the environment is for; when it sits in the PyPI wheel's
    ///     layout, the wheel's `codex-path` folder (ripgrep, which the model's searches use) is put
    ///     first on `PATH`, as the official SDK does.
    /// - Returns: the allowed variables of `parent`, the fixed values, and `RUST_BACKTRACE=0`;
    ///   never a `WARDEN_*` variable.
    public func build(from parent: [String: String], codexExecutable: String? = nil) -> [String: String] {
        let named = Set(Self.baseVariables + providerKeyVariables + proxyVariables)
        var result: [String: String] = [:]
        for (name, value) in parent where isAllowed(name, named: named) {
            result[name] = value
        }
        for (name, value) in fixedValues where !name.hasPrefix(Self.forbiddenPrefix) {
            result[name] = value
        }
        result["RUST_BACKTRACE"] = "0"
        if let tools = codexExecutable.flatMap(Self.bundledToolsDirectory(besides:)) {
            result["PATH"] = Self.path(result["PATH"], prepending: tools)
        }
        return result
    }

    /// `PATH` with `directory` first (once), or `directory` alone when there is no `PATH`.
    static func path(_ path: String?, prepending directory: String) -> String {
        guard let path, !path.isEmpty else { return directory }
        let rest = path.split(separator: ":", omittingEmptySubsequences: false).filter { $0 != directory }
        return ([directory] + rest.map(String.init)).joined(separator: ":")
    }

    /// The wheel's `codex-path` folder beside `<wheel>/bin/codex`, when it exists.
    static func bundledToolsDirectory(besides executable: String) -> String? {
        let bin = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        guard bin.last == "bin" else { return nil }
        let directory = bin.dropLast().joined(separator: "/") + "/codex-path"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return directory
    }

    private func isAllowed(_ name: String, named: Set<String>) -> Bool {
        guard !name.hasPrefix(Self.forbiddenPrefix) else { return false }
        return named.contains(name) || Self.basePrefixes.contains { name.hasPrefix($0) }
    }
}
