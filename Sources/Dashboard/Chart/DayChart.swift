import Foundation

/// Draws runs, tokens and cost per day as inline SVG: three rows of bars, each scaled to its own largest day. A day
/// whose cost is unknown (a run on a model without a price) draws no cost bar and says so in its tooltip.
///
/// Pure: the figures in, markup out. Every label is XML-escaped here, because the page embeds this markup as is.
/// The styling comes from classes the page's stylesheet defines (a nonce'd `<style>`; a strict CSP refuses
/// `style` attributes).
public enum DayChart {
    /// The drawing's width in SVG units; it scales to its box.
    static let width = 700.0
    /// The height of one row of bars.
    static let rowHeight = 80.0
    /// Room above each row for its title, and below the last for the day labels.
    static let gap = 22.0

    /// The SVG of `days`, oldest first.
    public static func svg(_ days: [DayFigures]) -> String {
        let slot = days.isEmpty ? width : width / Double(days.count)
        let maxRuns = days.map(\.runs).max() ?? 0
        let maxTokens = days.map(\.tokens).max() ?? 0
        let maxCost = days.compactMap(\.costUSD).max() ?? 0
        let rowCount = 3.0
        let totalHeight = rowCount * (rowHeight + gap) + gap
        var out = """
            <svg class="chart" viewBox="0 0 \(format(width)) \(format(totalHeight))" role="img" \
            aria-label="Runs, tokens and cost per day over the last \(days.count) days" xmlns="http://www.w3.org/2000/svg">
            """
        let rows: [(title: String, css: String, values: [Double], max: Double, labels: [String])] = [
            ("runs (max \(maxRuns))", "bar-runs", days.map { Double($0.runs) }, Double(maxRuns), days.map(runsLabel)),
            ("tokens (max \(maxTokens))", "bar-tokens", days.map { Double($0.tokens) }, Double(maxTokens), days.map { "\($0.tokens) tokens" }),
            (costTitle(days, max: maxCost), "bar-cost", days.map { $0.costUSD ?? 0 }, maxCost, days.map(costLabel)),
        ]
        for (row, series) in rows.enumerated() {
            let top = gap + Double(row) * (rowHeight + gap)
            out += "<text class=\"chart-title\" x=\"0\" y=\"\(format(top - 6))\">\(escape(series.title))</text>"
            out += "<line class=\"chart-axis\" x1=\"0\" x2=\"\(format(width))\" y1=\"\(format(top + rowHeight))\" y2=\"\(format(top + rowHeight))\"/>"
            for (index, value) in series.values.enumerated() {
                let height = barHeight(value, max: series.max)
                let x = Double(index) * slot + slot * 0.15
                out += "<rect class=\"\(series.css)\" x=\"\(format(x))\" y=\"\(format(top + rowHeight - height))\" "
                out += "width=\"\(format(slot * 0.7))\" height=\"\(format(height))\">"
                out += "<title>\(escape(days[index].date)): \(escape(series.labels[index]))</title></rect>"
            }
        }
        let labelY = rowCount * (rowHeight + gap) + gap - 6
        for (index, day) in days.enumerated() where index % 2 == (days.count - 1) % 2 {
            // Every other day, ending with today, so labels do not overlap on a phone.
            let x = Double(index) * slot + slot / 2
            out += "<text class=\"chart-label\" x=\"\(format(x))\" y=\"\(format(labelY))\" text-anchor=\"middle\">\(escape(String(day.date.suffix(5))))</text>"
        }
        return out + "</svg>"
    }

    /// The tooltip of a day's runs bar: the runs, and the cost when it is known.
    static func runsLabel(_ day: DayFigures) -> String {
        guard let cost = day.costUSD else { return "\(day.runs) runs" }
        return "\(day.runs) runs, $\(String(format: "%.2f", cost))"
    }

    /// The title of the cost row: its largest day, or why there is nothing to draw.
    static func costTitle(_ days: [DayFigures], max: Double) -> String {
        if days.contains(where: { $0.runs > 0 && $0.costUSD == nil }) && max == 0 {
            return "cost (unknown: no [[costs.models]] price for the models that ran)"
        }
        return "cost (max $\(String(format: "%.2f", max)))"
    }

    /// The tooltip of a day's cost bar.
    static func costLabel(_ day: DayFigures) -> String {
        day.costUSD.map { "$" + String(format: "%.2f", $0) } ?? "cost unknown"
    }

    /// The height of a bar of `value` in a row whose largest value is `max`: zero for an idle day, at least 2 units
    /// for any work so a small day stays visible.
    static func barHeight(_ value: Double, max: Double) -> Double {
        guard value > 0, max > 0 else { return 0 }
        return Swift.max(2, (value / max * rowHeight).rounded())
    }

    /// Escapes text for SVG/XML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
