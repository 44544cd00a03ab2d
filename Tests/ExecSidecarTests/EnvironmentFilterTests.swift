import ExecSidecar
import Testing

@Suite("Environment filter")
struct EnvironmentFilterTests {
    @Test("drops secrets, loader and shell injection variables, keeps the rest", arguments: [
        ("PATH", "/usr/bin", true), ("LANG", "C.UTF-8", true), ("GIT_AUTHOR_NAME", "bot", true), ("CODEX_THREAD_ID", "t", true),
        ("OPENAI_API_KEY", "sk-1", false), ("GITHUB_TOKEN", "ghp_1", false), ("AWS_SECRET_ACCESS_KEY", "x", false),
        ("db_password", "x", false), ("MY_CREDENTIALS", "x", false), ("SSH_PRIVATE", "x", false),
        ("CODEX_HOME", "/home/codex", false), ("WARDEN_EXEC_SOCKET", "/s", false),
        ("LD_PRELOAD", "/tmp/x.so", false), ("BASH_ENV", "/tmp/rc", false), ("ENV", "/tmp/rc", false),
        ("BASH_FUNC_ls%%", "() { :; }", false), ("SHELLOPTS", "xtrace", false), ("PROMPT_COMMAND", "x", false),
        ("GLIBC_TUNABLES", "x", false), ("GCONV_PATH", "/tmp", false),
        ("1ABC", "x", false), ("A-B", "x", false), ("NUL", "a\u{0}b", false),
    ])
    func decides(_ name: String, _ value: String, _ kept: Bool) {
        #expect(EnvironmentFilter.allows(name: name, value: value) == kept)
    }
}
