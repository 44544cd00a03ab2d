import Foundation
import WardenCore

/// How `remediate.schedule` is written: an array of tables (`repo`, `source`, `cron`) in the file; in the variable,
/// entries `REPO SOURCE CRON` separated by `;` (the cron's five fields last). Pure parsing, tested as a table.
enum RemediationScheduleGrammar {
    /// The accepted form.
    static let form = "[[remediate.schedule]] tables with repo, source (file:PATH or gitlab-issues:LABEL) and cron (five fields, UTC); "
        + "in the variable `REPO SOURCE CRON` entries separated by ;"

    /// The entries `input` gives.
    /// - Throws: ``ConfigurationError`` naming the origin and the entry (number and repository) that is not accepted.
    static func entries(_ input: SettingInput) throws(ConfigurationError) -> [ScheduledRemediation] {
        var entries: [ScheduledRemediation] = []
        switch input.raw {
        case .toml(.array(let items)):
            for (index, item) in items.enumerated() {
                guard case .table(let table) = item else { throw input.invalid("entry \(index + 1) is \(item.typeName)", expected: form) }
                if let unknown = table.keys.sorted().first(where: { !["repo", "source", "cron"].contains($0) }) {
                    throw input.invalid("entry \(index + 1) has the unknown key \(unknown)", expected: form)
                }
                func text(_ key: String) throws(ConfigurationError) -> String {
                    guard case .string(let value)? = table[key], !value.isEmpty else {
                        throw input.invalid("entry \(index + 1) has no \(key)", expected: form)
                    }
                    return value
                }
                entries.append(try entry(repo: text("repo"), source: text("source"), cron: text("cron"), number: index + 1, input: input))
            }
        case .text(let text):
            let items = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for (index, item) in items.enumerated() {
                let words = item.split(whereSeparator: \.isWhitespace).map(String.init)
                guard words.count >= 3 else {
                    throw input.invalid("entry \(index + 1) \"\(item.escapedForMessage)\" is not REPO SOURCE CRON", expected: form)
                }
                let cron = words.dropFirst(2).joined(separator: " ")
                entries.append(try entry(repo: words[0], source: words[1], cron: cron, number: index + 1, input: input))
            }
        case .toml(let other):
            throw input.invalid("is \(other.typeName)", expected: form)
        }
        if let repeated = entries.enumerated().first(where: { pair in entries[..<pair.offset].contains(pair.element) }) {
            throw input.invalid("entry \(repeated.offset + 1) (\(repeated.element.repo.escapedForMessage)) repeats an earlier entry", expected: form)
        }
        return entries
    }

    /// The entries as the variable would write them, for `warden config show`.
    static func render(_ entries: [ScheduledRemediation]) -> String {
        entries.map { "\($0.repo) \($0.source) \($0.cron)" }.joined(separator: "; ")
    }

    private static func entry(repo: String, source: String, cron: String, number: Int, input: SettingInput) throws(ConfigurationError) -> ScheduledRemediation {
        let name = "entry \(number) (\(repo.escapedForMessage))"
        guard repo.hasPrefix("https://") || repo.hasPrefix("http://"), !repo.contains(where: \.isWhitespace) else {
            throw input.invalid("\(name) has a repo that is not an http(s) address", expected: form)
        }
        let findingSource: FindingSource
        do throws(RemediationError) {
            findingSource = try FindingSource(parsing: source)
        } catch {
            throw input.invalid("\(name) has the unknown source \"\(source.escapedForMessage)\"", expected: form)
        }
        if findingSource == .standardInput {
            throw input.invalid("\(name) has the source stdin, which a scheduled run does not have", expected: form)
        }
        do throws(CronScheduleError) {
            return ScheduledRemediation(repo: repo, source: findingSource, cron: try CronSchedule(cron))
        } catch {
            throw input.invalid("\(name): \(error)", expected: form)
        }
    }
}
