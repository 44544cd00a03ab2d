/// Parses TOML 1.0 documents, except dates and times, into ``TOMLValue`` tables.
///
/// Written by hand because no TOML package is available to the project. It follows the
/// specification's rules for tables: a table is defined once, tables created by dotted keys
/// cannot be reopened with a header, inline tables and static arrays are closed once written.
public enum TOMLParser {
    /// Parses a whole document.
    ///
    /// - Parameter text: the document.
    /// - Returns: the root table.
    /// - Throws: ``TOMLError`` with the line of the first problem.
    public static func parse(_ text: String) throws(TOMLError) -> [String: TOMLValue] {
        var scanner = TOMLScanner(text)
        return try scanner.parseDocument()
    }
}

/// A table while the document is being read: it remembers how it was created, which decides how it may grow.
private struct TableNode {
    enum Origin {
        /// Created as a parent of a header (`a` in `[a.b]`); a later `[a]` may still define it.
        case implicit
        /// Defined by its own header or as an array-of-tables element.
        case header
        /// Created by a dotted key (`a.b = 1`); only more dotted keys in the same place may extend it.
        case dotted
    }

    var origin: Origin
    var entries: [String: Node] = [:]

    var value: [String: TOMLValue] {
        entries.mapValues { node in
            switch node {
            case .value(let value): value
            case .table(let table): .table(table.value)
            case .tables(let tables): .array(tables.map { .table($0.value) })
            }
        }
    }
}

private enum Node {
    /// A closed value: scalars, static arrays and inline tables.
    case value(TOMLValue)
    case table(TableNode)
    /// An array of tables (`[[name]]`); headers and keys go into its last element.
    case tables([TableNode])
}

private struct TOMLScanner {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    // MARK: Document

    mutating func parseDocument() throws(TOMLError) -> [String: TOMLValue] {
        var root = TableNode(origin: .header)
        var current: [String] = []
        while true {
            skipWhitespace()
            guard let scalar = peek() else { break }
            switch scalar {
            case "#", "\n", "\r":
                try expectLineEnd()
            case "[":
                current = try parseHeader(into: &root)
                try expectLineEnd()
            default:
                let keyLine = line
                let (keys, value) = try parseKeyValue()
                try Self.descend(&root, through: current[...]) { (table: inout TableNode) throws(TOMLError) in
                    try Self.insert(value, at: keys[...], into: &table, name: Self.display(keys), line: keyLine)
                }
                try expectLineEnd()
            }
        }
        return root.value
    }

    /// Reads `[a.b]` or `[[a.b]]`, creates the table and returns its path.
    private mutating func parseHeader(into root: inout TableNode) throws(TOMLError) -> [String] {
        let headerLine = line
        advance()
        let isArray = peek() == "["
        if isArray { advance() }
        skipWhitespace()
        let keys = try parseKey()
        try expect("]", "expected \"]\" to close the table header")
        if isArray { try expect("]", "expected \"]]\" to close the array-of-tables header") }
        let name = Self.display(keys)
        let parents = keys.dropLast()
        let last = keys[keys.count - 1]
        try Self.walkHeaderParents(&root, through: parents[...], name: name, line: headerLine) { (table: inout TableNode) throws(TOMLError) in
            switch table.entries[last] {
            case nil:
                table.entries[last] = isArray ? .tables([TableNode(origin: .header)]) : .table(TableNode(origin: .header))
            case .table(var existing) where !isArray && existing.origin == .implicit:
                existing.origin = .header
                table.entries[last] = .table(existing)
            case .tables(var elements) where isArray:
                elements.append(TableNode(origin: .header))
                table.entries[last] = .tables(elements)
            case .table(let existing) where existing.origin == .dotted:
                throw .duplicateKey("table \"\(name)\" was defined by dotted keys and cannot be reopened", line: headerLine)
            case .table:
                throw .duplicateKey("table \"\(name)\" is defined twice", line: headerLine)
            case .tables:
                throw .duplicateKey("\"\(name)\" is an array of tables, not a table", line: headerLine)
            case .value:
                throw .duplicateKey("key \"\(name)\" already holds a value", line: headerLine)
            }
        }
        return keys
    }

    /// Walks to the parent of a header's table, creating implicit tables on the way.
    private static func walkHeaderParents(
        _ table: inout TableNode,
        through path: ArraySlice<String>,
        name: String,
        line: Int,
        _ body: (inout TableNode) throws(TOMLError) -> Void
    ) throws(TOMLError) {
        guard let first = path.first else { return try body(&table) }
        let rest = path.dropFirst()
        switch table.entries[first] {
        case nil:
            var child = TableNode(origin: .implicit)
            try walkHeaderParents(&child, through: rest, name: name, line: line, body)
            table.entries[first] = .table(child)
        case .table(var child):
            try walkHeaderParents(&child, through: rest, name: name, line: line, body)
            table.entries[first] = .table(child)
        case .tables(var elements):
            try walkHeaderParents(&elements[elements.count - 1], through: rest, name: name, line: line, body)
            table.entries[first] = .tables(elements)
        case .value:
            throw .duplicateKey("cannot define table \"\(name)\": key \"\(first)\" already holds a value", line: line)
        }
    }

    /// Walks an already-created path (the current table), always into the last element of arrays of tables.
    private static func descend(
        _ table: inout TableNode,
        through path: ArraySlice<String>,
        _ body: (inout TableNode) throws(TOMLError) -> Void
    ) throws(TOMLError) {
        guard let first = path.first else { return try body(&table) }
        switch table.entries[first] {
        case .table(var child):
            try descend(&child, through: path.dropFirst(), body)
            table.entries[first] = .table(child)
        case .tables(var elements):
            try descend(&elements[elements.count - 1], through: path.dropFirst(), body)
            table.entries[first] = .tables(elements)
        case nil, .value:
            // The header that set this path created every part of it as a table.
            preconditionFailure("current table path \(path) does not exist")
        }
    }

    /// Inserts `key = value`, where `key` may be dotted, into `table`.
    ///
    /// - Parameter name: the whole key as written, for errors; `keys` shrinks as the insertion descends.
    private static func insert(
        _ value: TOMLValue,
        at keys: ArraySlice<String>,
        into table: inout TableNode,
        name: String,
        line: Int
    ) throws(TOMLError) {
        let first = keys[keys.startIndex]
        if keys.count == 1 {
            guard table.entries[first] == nil else {
                throw .duplicateKey("duplicate key \"\(name)\"", line: line)
            }
            table.entries[first] = .value(value)
            return
        }
        var child: TableNode
        switch table.entries[first] {
        case nil:
            child = TableNode(origin: .dotted)
        case .table(let existing) where existing.origin == .dotted:
            child = existing
        case .table:
            throw .duplicateKey("cannot add to table \"\(first)\" with dotted keys after it was defined", line: line)
        case .tables, .value:
            throw .duplicateKey("key \"\(first)\" already holds a value", line: line)
        }
        try insert(value, at: keys.dropFirst(), into: &child, name: name, line: line)
        table.entries[first] = .table(child)
    }

    private static func display(_ keys: [String]) -> String {
        keys.map { key in
            let isBare = !key.isEmpty && key.unicodeScalars.allSatisfy(isBareKeyScalar)
            return isBare ? key : "\"\(key.escapedForMessage)\""
        }.joined(separator: ".")
    }

    // MARK: Keys

    private mutating func parseKeyValue() throws(TOMLError) -> ([String], TOMLValue) {
        let keys = try parseKey()
        try expect("=", "expected \"=\" after the key")
        skipWhitespace()
        let value = try parseValue()
        return (keys, value)
    }

    /// Reads a possibly dotted key and the whitespace after it.
    private mutating func parseKey() throws(TOMLError) -> [String] {
        var keys = [try parseSimpleKey()]
        skipWhitespace()
        while peek() == "." {
            advance()
            skipWhitespace()
            keys.append(try parseSimpleKey())
            skipWhitespace()
        }
        return keys
    }

    private mutating func parseSimpleKey() throws(TOMLError) -> String {
        switch peek() {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" { throw .syntax("multi-line strings cannot be keys", line: line) }
            advance()
            return try parseBasicString()
        case "'":
            if peek(1) == "'" && peek(2) == "'" { throw .syntax("multi-line strings cannot be keys", line: line) }
            advance()
            return try parseLiteralString()
        case let scalar? where Self.isBareKeyScalar(scalar):
            var key = ""
            while let scalar = peek(), Self.isBareKeyScalar(scalar) {
                key.unicodeScalars.append(scalar)
                advance()
            }
            return key
        case let scalar?:
            throw .syntax("expected a key, found \(Self.describe(scalar))", line: line)
        case nil:
            throw .syntax("expected a key, found the end of the document", line: line)
        }
    }

    private static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    // MARK: Values

    private mutating func parseValue() throws(TOMLError) -> TOMLValue {
        switch peek() {
        case "\"":
            if peek(1) == "\"" && peek(2) == "\"" {
                advance(3)
                return .string(try parseMultilineBasicString())
            }
            advance()
            return .string(try parseBasicString())
        case "'":
            if peek(1) == "'" && peek(2) == "'" {
                advance(3)
                return .string(try parseMultilineLiteralString())
            }
            advance()
            return .string(try parseLiteralString())
        case "[":
            advance()
            return try parseArray()
        case "{":
            advance()
            return try parseInlineTable()
        case nil:
            throw .syntax("expected a value, found the end of the document", line: line)
        case let scalar?:
            var token = ""
            while let scalar = peek(), Self.isTokenScalar(scalar) {
                token.unicodeScalars.append(scalar)
                advance()
            }
            guard !token.isEmpty else { throw .syntax("expected a value, found \(Self.describe(scalar))", line: line) }
            return try scalarValue(token)
        }
    }

    private static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-", "+", ".", ":": true
        default: false
        }
    }

    private func scalarValue(_ token: String) throws(TOMLError) -> TOMLValue {
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let chars = Array(token.unicodeScalars)
        let isDate =
            (chars.count > 4 && chars[0..<4].allSatisfy(Self.isDecimal) && chars[4] == "-")
            || (chars.count > 2 && chars[0..<2].allSatisfy(Self.isDecimal) && chars[2] == ":")
        if isDate {
            throw .unsupported("dates and times are not supported; write \(token) as a quoted string", line: line)
        }
        return try number(token)
    }

    private func number(_ token: String) throws(TOMLError) -> TOMLValue {
        let invalid = TOMLError.syntax("invalid value \"\(token.escapedForMessage)\"", line: line)
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            let digits = String(token.dropFirst(2))
            guard Self.isDigitGroup(digits, radix: radix) else { throw invalid }
            guard let value = Int64(digits.replacing("_", with: ""), radix: radix) else {
                throw .syntax("integer \(token) does not fit in 64 bits", line: line)
            }
            return .integer(value)
        }
        var body = Substring(token)
        var sign = ""
        if let first = body.first, first == "+" || first == "-" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        let exponentIndex = body.firstIndex { $0 == "e" || $0 == "E" }
        let mantissa = exponentIndex.map { body[..<$0] } ?? body
        let integerPart = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        guard Self.isDigitGroup(String(integerPart), radix: 10) else { throw invalid }
        guard integerPart == "0" || !integerPart.hasPrefix("0") else {
            throw .syntax("leading zeros are not allowed in \"\(token.escapedForMessage)\"", line: line)
        }
        guard exponentIndex != nil || mantissa.count != integerPart.count else {
            guard let value = Int64(sign + integerPart.replacing("_", with: "")) else {
                throw .syntax("integer \(token) does not fit in 64 bits", line: line)
            }
            return .integer(value)
        }
        if mantissa.count != integerPart.count {
            let fraction = mantissa.dropFirst(integerPart.count + 1)
            guard Self.isDigitGroup(String(fraction), radix: 10) else { throw invalid }
        }
        if let exponentIndex {
            var exponent = body[body.index(after: exponentIndex)...]
            if let first = exponent.first, first == "+" || first == "-" { exponent = exponent.dropFirst() }
            guard Self.isDigitGroup(String(exponent), radix: 10) else { throw invalid }
        }
        guard let value = Double(sign + body.replacing("_", with: "")) else { throw invalid }
        return .float(value)
    }

    /// Digits of `radix`, with single underscores only between digits.
    private static func isDigitGroup(_ text: String, radix: Int) -> Bool {
        var previousWasDigit = false
        for character in text {
            if character == "_" {
                guard previousWasDigit else { return false }
                previousWasDigit = false
            } else {
                guard character.isASCII, character.hexDigitValue.map({ $0 < radix }) == true else { return false }
                previousWasDigit = true
            }
        }
        return previousWasDigit
    }

    private static func isDecimal(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private mutating func parseArray() throws(TOMLError) -> TOMLValue {
        var elements: [TOMLValue] = []
        while true {
            try skipWhitespaceCommentsAndNewlines()
            if peek() == "]" {
                advance()
                return .array(elements)
            }
            elements.append(try parseValue())
            try skipWhitespaceCommentsAndNewlines()
            switch peek() {
            case ",":
                advance()
            case "]":
                advance()
                return .array(elements)
            case let scalar?:
                throw .syntax("expected \",\" or \"]\" in the array, found \(Self.describe(scalar))", line: line)
            case nil:
                throw .syntax("unterminated array", line: line)
            }
        }
    }

    private mutating func parseInlineTable() throws(TOMLError) -> TOMLValue {
        var table = TableNode(origin: .header)
        skipWhitespace()
        if peek() == "}" {
            advance()
            return .table([:])
        }
        while true {
            let keyLine = line
            let (keys, value) = try parseKeyValue()
            try Self.insert(value, at: keys[...], into: &table, name: Self.display(keys), line: keyLine)
            skipWhitespace()
            switch peek() {
            case ",":
                advance()
                skipWhitespace()
            case "}":
                advance()
                return .table(table.value)
            case let scalar?:
                throw .syntax("expected \",\" or \"}\" in the inline table, found \(Self.describe(scalar))", line: line)
            case nil:
                throw .syntax("unterminated inline table", line: line)
            }
        }
    }

    // MARK: Strings

    /// Reads a basic string after its opening quote.
    private mutating func parseBasicString() throws(TOMLError) -> String {
        var result = ""
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw .syntax("unterminated string", line: line)
            }
            advance()
            switch scalar {
            case "\"":
                return result
            case "\\":
                result.unicodeScalars.append(try parseEscape())
            default:
                try checkAllowed(scalar)
                result.unicodeScalars.append(scalar)
            }
        }
    }

    /// Reads a multi-line basic string after its opening `"""`.
    private mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        skipOneNewline()
        var result = ""
        while true {
            guard let scalar = peek() else { throw .syntax("unterminated multi-line string", line: line) }
            if scalar == "\"", let closing = try closingQuotes("\"") {
                return result + closing
            }
            if try consumeNewline() {
                result += "\n"
                continue
            }
            advance()
            if scalar == "\\" {
                if try skipLineEndingBackslash() { continue }
                result.unicodeScalars.append(try parseEscape())
            } else {
                try checkAllowed(scalar)
                result.unicodeScalars.append(scalar)
            }
        }
    }

    /// Reads a literal string after its opening quote.
    private mutating func parseLiteralString() throws(TOMLError) -> String {
        var result = ""
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else {
                throw .syntax("unterminated string", line: line)
            }
            advance()
            if scalar == "'" { return result }
            try checkAllowed(scalar)
            result.unicodeScalars.append(scalar)
        }
    }

    /// Reads a multi-line literal string after its opening `'''`.
    private mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        skipOneNewline()
        var result = ""
        while true {
            guard let scalar = peek() else { throw .syntax("unterminated multi-line string", line: line) }
            if scalar == "'", let closing = try closingQuotes("'") {
                return result + closing
            }
            if try consumeNewline() {
                result += "\n"
                continue
            }
            advance()
            try checkAllowed(scalar)
            result.unicodeScalars.append(scalar)
        }
    }

    /// At a run of quotes in a multi-line string: when the run closes the string, consumes it and returns the
    /// quotes (at most two) that still belong to the content; otherwise returns `nil` and leaves the position
    /// alone, so the caller reads the quote as content.
    private mutating func closingQuotes(_ quote: Unicode.Scalar) throws(TOMLError) -> String? {
        var count = 0
        while peek(count) == quote { count += 1 }
        guard count >= 3 else { return nil }
        guard count <= 5 else { throw .syntax("too many quotes at the end of a multi-line string", line: line) }
        advance(count)
        return String(repeating: Character(quote), count: count - 3)
    }

    /// After a backslash in a multi-line basic string: skips whitespace and newlines when the backslash ends the line.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var offset = 0
        while let scalar = peek(offset), scalar == " " || scalar == "\t" { offset += 1 }
        guard peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n") else { return false }
        advance(offset)
        while true {
            if peek() == " " || peek() == "\t" {
                advance()
            } else if try !consumeNewline() {
                return true
            }
        }
    }

    /// Reads an escape sequence after its backslash.
    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw .syntax("unterminated string", line: line) }
        advance()
        switch scalar {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let length = scalar == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<length {
                guard let digit = peek(), digit.properties.isASCIIHexDigit else {
                    throw .syntax("\\\(scalar) needs \(length) hexadecimal digits", line: line)
                }
                hex.unicodeScalars.append(digit)
                advance()
            }
            guard let code = UInt32(hex, radix: 16), let result = Unicode.Scalar(code) else {
                throw .syntax("\\\(scalar)\(hex) is not a Unicode scalar value", line: line)
            }
            return result
        default:
            throw .syntax("invalid escape \\\(Self.describe(scalar))", line: line)
        }
    }

    /// Rejects control characters other than tab inside strings and comments.
    private func checkAllowed(_ scalar: Unicode.Scalar) throws(TOMLError) {
        if (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F {
            throw .syntax("control character \(Self.describe(scalar)) must be escaped", line: line)
        }
    }

    // MARK: Whitespace, comments, lines

    private mutating func skipWhitespace() {
        while peek() == " " || peek() == "\t" { advance() }
    }

    private mutating func skipComment() throws(TOMLError) {
        guard peek() == "#" else { return }
        while let scalar = peek(), scalar != "\n", scalar != "\r" {
            try checkAllowed(scalar)
            advance()
        }
    }

    /// Consumes `\n` or `\r\n`; a lone carriage return is an error.
    private mutating func consumeNewline() throws(TOMLError) -> Bool {
        switch peek() {
        case "\n":
            advance()
            return true
        case "\r":
            guard peek(1) == "\n" else { throw .syntax("carriage return without a line feed", line: line) }
            advance(2)
            return true
        default:
            return false
        }
    }

    private mutating func skipOneNewline() {
        if peek() == "\n" {
            advance()
        } else if peek() == "\r" && peek(1) == "\n" {
            advance(2)
        }
    }

    private mutating func skipWhitespaceCommentsAndNewlines() throws(TOMLError) {
        while true {
            skipWhitespace()
            try skipComment()
            guard try consumeNewline() else { return }
        }
    }

    /// After a header or key/value pair: optional whitespace and comment, then a newline or the end.
    private mutating func expectLineEnd() throws(TOMLError) {
        skipWhitespace()
        try skipComment()
        guard peek() != nil else { return }
        guard try consumeNewline() else {
            throw .syntax("expected the end of the line, found \(Self.describe(peek() ?? " "))", line: line)
        }
    }

    private mutating func expect(_ scalar: Unicode.Scalar, _ message: String) throws(TOMLError) {
        guard peek() == scalar else { throw .syntax(message, line: line) }
        advance()
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// Moves forward, counting lines: every line feed consumed anywhere passes through here.
    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < scalars.count {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        scalar.value < 0x20 || scalar.value == 0x7F
            ? "U+\(String(scalar.value, radix: 16, uppercase: true))"
            : "\"\(String(scalar).escapedForMessage)\""
    }
}
