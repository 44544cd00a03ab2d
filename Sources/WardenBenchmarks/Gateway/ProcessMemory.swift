import Foundation

/// Resident set sizes from `/proc` (Linux).
enum ProcessMemory {
    /// `VmRSS` of `pid` in KiB, or `nil` when the process is gone or the line is missing.
    static func residentKiB(of pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// The direct children of `pid`, from `/proc/<pid>/task/*/children`.
    static func children(of pid: Int32) -> [Int32] {
        let taskDirectory = "/proc/\(pid)/task"
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: taskDirectory)) ?? []
        return tasks.flatMap { task -> [Int32] in
            let text = (try? String(contentsOfFile: "\(taskDirectory)/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    /// `pid` and all its descendants.
    static func tree(of pid: Int32) -> [Int32] {
        [pid] + children(of: pid).flatMap(tree)
    }

    /// The summed `VmRSS` of `pid` and its descendants in KiB, or `nil` when `pid` is gone.
    static func treeResidentKiB(of pid: Int32) -> Int? {
        guard let own = residentKiB(of: pid) else { return nil }
        return own + children(of: pid).flatMap(tree).compactMap(residentKiB).reduce(0, +)
    }

    /// `/proc/<pid>/cmdline` with its NUL separators as spaces, or `nil` when the process is gone.
    static func commandLine(of pid: Int32) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }
}
