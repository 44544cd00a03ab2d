import WardenCore
import WardenTestSupport

/// Writes a ``TOMLValue`` table as a TOML document, choosing at random among the equivalent spellings the
/// specification allows (bare or quoted keys, header sections or inline tables, `[[array]]` tables, hexadecimal or
/// decimal integers), so parsing the document back must give the same table.
struct TOMLDocumentWriter {
    var generator: SeededGenerator

    /// The document for `root`.
    mutating func document(_ root: [String: TOMLValue]) -> String {
        var lines: [String] = []
        write(root, path: [], into: &lines)
        return lines.joined(separator: "\n") + (Bool.random(using: &generator) ? "\n" : "")
    }

    /// The key/value lines of `table`, then its sub-tables as sections (the order TOML requires).
    private mutating func write(_ table: [String: TOMLValue], path: [String], into lines: inout [String]) {
        var sections: [(String, TOMLValue)] = []
        for (key, value) in table.sorted(by: { $0.key < $1.key }) {
            if case .table = value, Bool.random(using: &generator) {
                sections.append((key, value))
            } else if case .array(let elements) = value, !elements.isEmpty, elements.allSatisfy(\.isTable), Bool.random(using: &generator) {
                sections.append((key, value))
            } else {
                lines.append("\(self.key(key)) = \(inline(value))" + (Bool.random(using: &generator) ? " # comment \"'" : ""))
            }
        }
        for (key, value) in sections {
            let nested = path + [key]
            let header = nested.map { self.key($0) }.joined(separator: ".")
            switch value {
            case .table(let entries):
                lines.append("[\(header)]")
                write(entries, path: nested, into: &lines)
            case .array(let elements):
                for case .table(let entries) in elements {
                    lines.append("[[\(header)]]")
                    write(entries, path: nested, into: &lines)
                }
            default: break
            }
        }
    }

    private mutating func inline(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): return basicString(text)
        case .integer(let number):
            guard number >= 0, Bool.random(using: &generator) else { return String(number) }
            return ["0x", "0o", "0b"].randomElement(using: &generator).map { prefix in
                prefix + String(number, radix: prefix == "0x" ? 16 : prefix == "0o" ? 8 : 2)
            } ?? String(number)
        case .float(let number):
            if number.isInfinite { return number < 0 ? "-inf" : (Bool.random(using: &generator) ? "inf" : "+inf") }
            let text = "\(number)"
            return text.contains(where: { $0 == "." || $0 == "e" }) ? text : text + ".0"
        case .boolean(let flag): return flag ? "true" : "false"
        case .array(let elements):
            let trailer = !elements.isEmpty && Bool.random(using: &generator) ? ",\n]" : "]"
            return "[" + elements.map { inline($0) }.joined(separator: ", ") + trailer
        case .table(let entries):
            return "{" + entries.sorted { $0.key < $1.key }.map { "\(key($0.key)) = \(inline($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    /// A bare key when the key allows one and the coin says so, else a basic string.
    private mutating func key(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" || $0 == "-" }
        return bare && Bool.random(using: &generator) ? key : basicString(key)
    }

    /// `text` as a basic string: quote, backslash and control characters escaped.
    private func basicString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension TOMLValue {
    /// Whether the value is a table.
    var isTable: Bool {
        if case .table = self { return true }
        return false
    }
}
