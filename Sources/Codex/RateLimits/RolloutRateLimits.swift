import Foundation

/// Reads the seat's usage windows from codex's session files: `codex exec --json` does not report them, but codex writes
/// them into the thread's rollout file (`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<thread id>.jsonl`) with every
/// `token_count` event, from the provider's `x-codex-*` response headers.
///
/// Only the `rate_limits` object of the last such event is decoded; nothing of the transcript is kept.
enum RolloutRateLimits {
    /// The last snapshot in the rollout file of `thread`, or `nil` when the file or a snapshot is missing.
    ///
    /// - Parameters:
    ///   - thread: the thread id codex reported.
    ///   - codexHome: codex's `CODEX_HOME`.
    static func latest(thread: String, codexHome: String) -> RateLimitSnapshot? {
        guard let file = rolloutFile(thread: thread, codexHome: codexHome) else { return nil }
        return lastSnapshot(in: file)
    }

    /// The last snapshot of the newest rollout files (at most `files` of them, newest first), or `nil` when none holds
    /// one: what the seat looked like when this process starts, before its first run.
    ///
    /// - Parameters:
    ///   - codexHome: codex's `CODEX_HOME`.
    ///   - files: how many of the newest files are read at most.
    static func newest(codexHome: String, files: Int = 5) -> RateLimitSnapshot? {
        let manager = FileManager.default
        let sessions = codexHome + "/sessions"
        func children(_ directory: String) -> [String] {
            ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted(by: >)
        }
        var read = 0
        for year in children(sessions) {
            for month in children("\(sessions)/\(year)") {
                for day in children("\(sessions)/\(year)/\(month)") {
                    let directory = "\(sessions)/\(year)/\(month)/\(day)"
                    // `rollout-<YYYY-MM-DDThh-mm-ss>-<thread>.jsonl`: the names sort by time.
                    for name in children(directory) where name.hasPrefix("rollout-") && name.hasSuffix(".jsonl") {
                        guard read < files else { return nil }
                        read += 1
                        if let snapshot = lastSnapshot(in: "\(directory)/\(name)") { return snapshot }
                    }
                }
            }
        }
        return nil
    }

    /// The rollout file of `thread`: days are searched newest first, since a run's file is usually today's.
    static func rolloutFile(thread: String, codexHome: String) -> String? {
        let manager = FileManager.default
        let sessions = codexHome + "/sessions"
        let suffix = "-\(thread).jsonl"
        func children(_ directory: String) -> [String] {
            ((try? manager.contentsOfDirectory(atPath: directory)) ?? []).sorted(by: >)
        }
        for year in children(sessions) {
            for month in children("\(sessions)/\(year)") {
                for day in children("\(sessions)/\(year)/\(month)") {
                    let directory = "\(sessions)/\(year)/\(month)/\(day)"
                    if let name = children(directory).first(where: { $0.hasSuffix(suffix) }) {
                        return "\(directory)/\(name)"
                    }
                }
            }
        }
        return nil
    }

    /// The `rate_limits` of the last `token_count` event of a rollout file.
    static func lastSnapshot(in file: String) -> RateLimitSnapshot? {
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        let marker = Data(#""rate_limits":{"#.utf8)
        for line in data.split(separator: UInt8(ascii: "\n")).reversed() where line.range(of: marker) != nil {
            guard
                let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let payload = object["payload"] as? [String: Any],
                payload["type"] as? String == "token_count",
                let limits = payload["rate_limits"] as? [String: Any],
                let snapshot = RateLimitSnapshot(json: limits)
            else { continue }
            return snapshot
        }
        return nil
    }
}
