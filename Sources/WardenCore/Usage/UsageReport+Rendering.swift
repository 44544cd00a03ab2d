public import Foundation

extension UsageReport {
    /// The report as a text table: one line per group and a total; an unknown cost shows as `—`.
    public var table: String {
        let header = [grouping.rawValue, "runs", "input", "cached", "output", "reasoning", "cost", "p50", "p90"]
        let lines = (rows + [total]).map { row in
            [
                row.group, String(row.runs), String(row.tokens.input), String(row.tokens.cachedInput), String(row.tokens.output),
                String(row.tokens.reasoning), row.costUSD.map { "$" + String(format: "%.4f", $0) } ?? "—",
                Self.seconds(row.p50Seconds), Self.seconds(row.p90Seconds),
            ]
        }
        let widths = header.indices.map { column in ([header] + lines).map { $0[column].count }.max() ?? 0 }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        return ([render(header)] + lines.map(render)).joined(separator: "\n") + "\n"
    }

    /// The report as JSON (`warden usage --json`): sorted keys, a `null` cost when it is unknown.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(JSONReport(by: grouping.rawValue, since: since, groups: rows.map(JSONRow.init), total: JSONRow(total)))
    }

    private static func seconds(_ value: Double) -> String { String(format: "%.1fs", value) }

    private struct JSONReport: Encodable {
        var by: String
        var since: Date
        var groups: [JSONRow]
        var total: JSONRow
    }

    private struct JSONRow: Encodable {
        var group: String
        var runs: Int
        var tokens: RunTokens
        var costUSD: Double?
        var p50Seconds: Double
        var p90Seconds: Double

        init(_ row: Row) {
            group = row.group
            runs = row.runs
            tokens = row.tokens
            costUSD = row.costUSD
            p50Seconds = row.p50Seconds
            p90Seconds = row.p90Seconds
        }

        enum CodingKeys: String, CodingKey {
            case group, runs, tokens
            case costUSD = "cost_usd"
            case p50Seconds = "p50_seconds"
            case p90Seconds = "p90_seconds"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(group, forKey: .group)
            try container.encode(runs, forKey: .runs)
            try container.encode(tokens, forKey: .tokens)
            // Explicit null: "unknown" must not read as a missing field.
            try container.encode(costUSD, forKey: .costUSD)
            try container.encode(p50Seconds, forKey: .p50Seconds)
            try container.encode(p90Seconds, forKey: .p90Seconds)
        }
    }
}
