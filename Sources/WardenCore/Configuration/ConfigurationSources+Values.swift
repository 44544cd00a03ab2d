/// Typed reads: each returns `nil` when no layer sets the key and throws naming the layer's key otherwise.
extension ConfigurationSources {
    /// A non-empty string.
    func text(_ key: ConfigurationKey, expected: String) throws(ConfigurationError) -> String? {
        guard let setting = setting(key) else { return nil }
        let text: String
        switch setting.value {
        case .text(let value), .toml(.string(let value)):
            text = value
        case .toml(let other):
            throw .invalidValue(key: setting.origin, problem: "is \(other.typeName)", expected: expected)
        }
        guard !text.isEmpty else {
            throw .invalidValue(key: setting.origin, problem: "is empty", expected: expected)
        }
        return text
    }

    /// A string checked and converted by `parse`, which returns `nil` for a bad value.
    ///
    /// - Parameter echo: whether the error may quote the bad value; `false` where it could hold a credential.
    func parsed<Value>(
        _ key: ConfigurationKey,
        expected: String,
        echo: Bool = true,
        _ parse: (String) -> Value?
    ) throws(ConfigurationError) -> Value? {
        guard let text = try text(key, expected: expected) else { return nil }
        guard let value = parse(text) else {
            let problem = echo ? "is \"\(text.escapedForMessage)\"" : "is not accepted"
            throw .invalidValue(key: setting(key)?.origin ?? key.fileKey, problem: problem, expected: expected)
        }
        return value
    }

    /// An integer no smaller than `minimum`: decimal text in the environment, a TOML integer in the file.
    func integer(_ key: ConfigurationKey, minimum: Int) throws(ConfigurationError) -> Int? {
        guard let setting = setting(key) else { return nil }
        let expected = "an integer ≥ \(minimum)"
        let number: Int
        switch setting.value {
        case .text(let text):
            guard let value = Int(text) else {
                throw .invalidValue(key: setting.origin, problem: "is \"\(text.escapedForMessage)\", not an integer", expected: expected)
            }
            number = value
        case .toml(.integer(let value)):
            guard let value = Int(exactly: value) else {
                throw .invalidValue(key: setting.origin, problem: "is too large", expected: expected)
            }
            number = value
        case .toml(let other):
            throw .invalidValue(key: setting.origin, problem: "is \(other.typeName)", expected: expected)
        }
        guard number >= minimum else {
            throw .invalidValue(key: setting.origin, problem: "is \(number)", expected: expected)
        }
        return number
    }

    /// The accepted form of a duration, shown in errors and in the documentation.
    static let durationForm = "a positive duration: seconds (90) or a number with s, m, h or d (90s, 15m, 1h, 30d)"

    /// A positive duration: `90`, `90s`, `15m`, `1h`, or a TOML integer of seconds.
    func duration(_ key: ConfigurationKey) throws(ConfigurationError) -> Duration? {
        guard let setting = setting(key) else { return nil }
        let text: String
        switch setting.value {
        case .text(let value), .toml(.string(let value)):
            text = value
        case .toml(.integer(let seconds)):
            text = String(seconds)
        case .toml(let other):
            throw .invalidValue(key: setting.origin, problem: "is \(other.typeName)", expected: Self.durationForm)
        }
        guard let duration = Self.parseDuration(text) else {
            throw .invalidValue(key: setting.origin, problem: "is \"\(text.escapedForMessage)\"", expected: Self.durationForm)
        }
        return duration
    }

    /// Parses `90`, `90s`, `15m`, `1h` or `30d` into a positive duration; `nil` for anything else, zero or overflow.
    static func parseDuration(_ text: String) -> Duration? {
        let multipliers: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var digits = Substring(text)
        var multiplier: Int64 = 1
        if let last = digits.last, let unit = multipliers[last] {
            multiplier = unit
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int64(digits) else { return nil }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: multiplier)
        guard !overflow, seconds > 0 else { return nil }
        return .seconds(seconds)
    }

    /// The accepted form of a list of environment variable names.
    static let nameListForm =
        "environment variable names (letters, digits, _; not WARDEN_*), comma-separated in the environment, an array of strings in the file"

    /// A list of environment variable names: comma-separated text, or a TOML array of strings.
    ///
    /// Names starting with `WARDEN_` are refused: they would hand Warden's own secrets to Codex.
    func nameList(_ key: ConfigurationKey) throws(ConfigurationError) -> [String]? {
        guard let setting = setting(key) else { return nil }
        var names: [String] = []
        switch setting.value {
        case .text(let text):
            names = text.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
        case .toml(.array(let elements)):
            for element in elements {
                guard case .string(let name) = element else {
                    throw .invalidValue(key: setting.origin, problem: "holds \(element.typeName)", expected: Self.nameListForm)
                }
                names.append(name)
            }
        case .toml(let other):
            throw .invalidValue(key: setting.origin, problem: "is \(other.typeName)", expected: Self.nameListForm)
        }
        for name in names where !Self.isVariableName(name) || name.hasPrefix("WARDEN_") {
            throw .invalidValue(key: setting.origin, problem: "names \"\(name.escapedForMessage)\"", expected: Self.nameListForm)
        }
        return names
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_": true
            default: false
            }
        }
    }

    /// A secret from `NAME`, `NAME_FILE`, the file key or the file key's `_file` form, in that order.
    ///
    /// Setting both forms in one layer is an error, since which one wins would be a guess. Errors never
    /// include the secret's value.
    func secret(_ key: ConfigurationKey) throws(ConfigurationError) -> Secret? {
        let expected = "a non-empty secret"
        let fromEnvironment = (environment[key.environmentName], environment[key.environmentFileName])
        switch fromEnvironment {
        case (.some, .some):
            throw .invalidValue(
                key: key.environmentName,
                problem: "and \(key.environmentFileName) are both set",
                expected: "only one of them; \(key.environmentFileName) is preferred"
            )
        case (let value?, nil):
            guard !value.isEmpty else { throw .invalidValue(key: key.environmentName, problem: "is empty", expected: expected) }
            return Secret(value)
        case (nil, let path?):
            return try Self.secret(fromFile: path, key: key.environmentFileName)
        case (nil, nil):
            break
        }
        switch (fileSettings[key.fileKey], fileSettings[key.fileKeyOfFile]) {
        case (.some, .some):
            throw .invalidValue(
                key: key.fileKey,
                problem: "and \(key.fileKeyOfFile) are both set",
                expected: "only one of them; \(key.fileKeyOfFile) is preferred"
            )
        case (.string(let value)?, nil):
            guard !value.isEmpty else { throw .invalidValue(key: key.fileKey, problem: "is empty", expected: expected) }
            return Secret(value)
        case (nil, .string(let path)?):
            return try Self.secret(fromFile: path, key: key.fileKeyOfFile)
        case (let other?, nil):
            throw .invalidValue(key: key.fileKey, problem: "is \(other.typeName)", expected: "a string")
        case (nil, let other?):
            throw .invalidValue(key: key.fileKeyOfFile, problem: "is \(other.typeName)", expected: "the path of a file holding the secret")
        case (nil, nil):
            return nil
        }
    }

    private static func secret(fromFile path: String, key: String) throws(ConfigurationError) -> Secret {
        var contents = Substring(try ConfigurationLoader.readTextFile(atPath: path, key: key))
        while let last = contents.last, last == "\n" || last == "\r\n" || last == "\r" {
            contents = contents.dropLast()
        }
        guard !contents.isEmpty else {
            throw .invalidValue(key: key, problem: "names an empty file", expected: "a file holding the secret")
        }
        return Secret(String(contents))
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
        while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
        return result
    }
}
