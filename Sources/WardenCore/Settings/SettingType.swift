/// How a setting's value is written and read: the accepted form, the parser and the way it is shown.
///
/// The static constructors are the only grammars settings use, so that a duration, a list or an integer reads
/// the same in every module.
public struct SettingType<Value: Sendable>: Sendable {
    /// The accepted form, shown in errors and in the documentation.
    public let form: String
    /// Whether the value is a credential: read also from `*_FILE`, never echoed, shown as `<redacted>`.
    public let isSecret: Bool
    let decode: @Sendable (SettingInput) throws(ConfigurationError) -> Value
    let render: @Sendable (Value) -> String

    /// A type from its parts.
    ///
    /// - Parameters:
    ///   - form: the accepted form.
    ///   - isSecret: whether values are credentials.
    ///   - decode: reads one layer's input, throwing an error that names the input's origin.
    ///   - render: the value as `warden config show` prints it.
    public init(
        form: String,
        isSecret: Bool = false,
        decode: @escaping @Sendable (SettingInput) throws(ConfigurationError) -> Value,
        render: @escaping @Sendable (Value) -> String
    ) {
        self.form = form
        self.isSecret = isSecret
        self.decode = decode
        self.render = render
    }
}

extension SettingType where Value == String {
    /// Non-empty text, optionally checked by `accept` (which returns `nil` to refuse, or the normalized text).
    ///
    /// - Parameter echo: whether an error may quote the refused value; `false` where it could hold a credential.
    public static func text(
        _ form: String,
        echo: Bool = true,
        accept: @escaping @Sendable (String) -> String? = { $0 }
    ) -> Self {
        Self(
            form: form,
            decode: { input throws(ConfigurationError) in
                let text = try input.text(expected: form)
                guard let accepted = accept(text) else {
                    throw input.invalid(echo ? "is \(input.quoted)" : "is not accepted", expected: form)
                }
                return accepted
            },
            render: { $0 }
        )
    }

    /// A file system path, made absolute against the working directory when the setting is read.
    public static func path(_ form: String = "a path (relative paths are taken from the working directory)") -> Self {
        Self(
            form: form,
            decode: { input throws(ConfigurationError) in
                let text = try input.text(expected: form)
                return PathResolution.absolute(text, in: input.workingDirectory)
            },
            render: { $0 }
        )
    }

    /// An executable: a path (made absolute like ``path(_:)``) when it contains `/`, else a name looked up on `PATH`.
    public static let executable = Self(
        form: "a path (relative to the working directory) or a command name looked up on PATH",
        decode: { input throws(ConfigurationError) in
            let text = try input.text(expected: "a path or a command name")
            return text.contains("/") ? PathResolution.absolute(text, in: input.workingDirectory) : text
        },
        render: { $0 }
    )
}

extension SettingType where Value == Secret {
    /// A credential; also read from the file that `<VARIABLE>_FILE` or `<key>_file` names.
    public static let secret = Self(
        form: "a non-empty secret",
        isSecret: true,
        decode: { input throws(ConfigurationError) in
            Secret(try input.text(expected: "a string"))
        },
        render: { $0.description }
    )
}

extension SettingType where Value == Int {
    /// A whole number in `range`: decimal text in the environment, a TOML integer in the file.
    public static func integer(_ range: ClosedRange<Int>) -> Self {
        let form = range.upperBound == .max ? "an integer ≥ \(range.lowerBound)" : "an integer from \(range.lowerBound) to \(range.upperBound)"
        return Self(
            form: form,
            decode: { input throws(ConfigurationError) in
                let number: Int
                switch input.raw {
                case .text(let text):
                    guard let value = Int(text) else { throw input.invalid("is \(input.quoted), not an integer", expected: form) }
                    number = value
                case .toml(.integer(let value)):
                    guard let value = Int(exactly: value) else { throw input.invalid("is too large", expected: form) }
                    number = value
                case .toml(let other):
                    throw input.invalid("is \(other.typeName)", expected: form)
                }
                guard range.contains(number) else { throw input.invalid("is \(number)", expected: form) }
                return number
            },
            render: { String($0) }
        )
    }
}

extension SettingType where Value == Double {
    /// A finite number in `range`: decimal text in the environment, a TOML float or integer in the file.
    public static func number(_ range: ClosedRange<Double>) -> Self {
        let form = "a number from \(range.lowerBound.shortText) to \(range.upperBound.shortText)"
        return Self(
            form: form,
            decode: { input throws(ConfigurationError) in
                let number: Double
                switch input.raw {
                case .text(let text):
                    guard let value = Double(text) else { throw input.invalid("is \(input.quoted), not a number", expected: form) }
                    number = value
                case .toml(.float(let value)): number = value
                case .toml(.integer(let value)): number = Double(value)
                case .toml(let other): throw input.invalid("is \(other.typeName)", expected: form)
                }
                guard number.isFinite, range.contains(number) else { throw input.invalid("is \(input.quoted)", expected: form) }
                return number
            },
            render: { $0.shortText }
        )
    }
}

extension SettingType where Value == Bool {
    /// `true` or `false`: those words in the environment, a TOML boolean in the file.
    public static let boolean = Self(
        form: "true or false",
        decode: { input throws(ConfigurationError) in
            switch input.raw {
            case .text("true"), .toml(.boolean(true)): return true
            case .text("false"), .toml(.boolean(false)): return false
            default: throw input.invalid("is \(input.quoted)", expected: "true or false")
            }
        },
        render: { String($0) }
    )
}

extension SettingType where Value == Duration {
    /// A positive duration in the one ``DurationGrammar``, at most `limit`; in the file also an integer of seconds.
    public static func duration(limit: Duration = DurationGrammar.maximum) -> Self {
        let form = limit < DurationGrammar.maximum ? DurationGrammar.form + ", at most \(DurationGrammar.format(limit))" : DurationGrammar.form
        return Self(
            form: form,
            decode: { input throws(ConfigurationError) in
                let text = try input.text(expected: form, integers: true)
                switch DurationGrammar.parse(text, limit: limit) {
                case .success(let duration):
                    return duration
                case .failure(let error):
                    switch error.problem {
                    case .malformed: throw input.invalid("is \(input.quoted)", expected: form)
                    case .zero: throw input.invalid("is zero", expected: form)
                    case .tooLong(let limit): throw input.invalid("is \(input.quoted), longer than \(DurationGrammar.format(limit))", expected: form)
                    }
                }
            },
            render: DurationGrammar.format
        )
    }

    /// The usual ``duration(limit:)``.
    public static var duration: Self { duration() }
}

extension SettingType where Value == [String] {
    /// A list: comma-separated text in the environment (spaces around items trimmed, empty items dropped), an array
    /// of strings in the file; each item checked by `accept`, which returns `nil` to refuse it.
    public static func list(_ form: String, accept: @escaping @Sendable (String) -> String? = { $0 }) -> Self {
        let fullForm = form + "; comma-separated in the environment, an array of strings in the file"
        return Self(
            form: fullForm,
            decode: { input throws(ConfigurationError) in
                var items: [String] = []
                switch input.raw {
                case .text(let text):
                    items = ListGrammar.split(text)
                case .toml(.array(let elements)):
                    for element in elements {
                        guard case .string(let item) = element else { throw input.invalid("holds \(element.typeName)", expected: fullForm) }
                        items.append(item)
                    }
                case .toml(let other):
                    throw input.invalid("is \(other.typeName)", expected: fullForm)
                }
                return try items.map { item throws(ConfigurationError) in
                    guard let accepted = accept(item) else { throw input.invalid("has the item \"\(item.escapedForMessage)\"", expected: fullForm) }
                    return accepted
                }
            },
            render: { $0.joined(separator: ",") }
        )
    }

    /// Names of environment variables; `WARDEN_*` names are refused, as they would hand Warden's secrets on.
    public static let variableNames = list("environment variable names (letters, digits, _; not WARDEN_*)") { name in
        ListGrammar.isVariableName(name) && !name.hasPrefix("WARDEN_") ? name : nil
    }
}

extension SettingType where Value == [String: String] {
    /// A map: `name=value,…` in the environment, a table of strings (or the same text) in the file; each name once.
    public static func map(_ form: String) -> Self {
        let fullForm = form + "; comma-separated name=value pairs in the environment, a table of strings in the file"
        return Self(
            form: fullForm,
            decode: { input throws(ConfigurationError) in
                var result: [String: String] = [:]
                if case .toml(.table(let table)) = input.raw {
                    for (name, value) in table {
                        guard case .string(let text) = value, !text.isEmpty else {
                            throw input.invalid("has the entry \"\(name.escapedForMessage)\" = \(value.typeName)", expected: fullForm)
                        }
                        result[name] = text
                    }
                    return result
                }
                for entry in ListGrammar.split(try input.text(expected: fullForm)) {
                    let parts = entry.split(separator: "=", maxSplits: 1).map { ListGrammar.trimmed(Substring($0)) }
                    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, result[parts[0]] == nil else {
                        throw input.invalid("has the entry \"\(entry.escapedForMessage)\"", expected: fullForm)
                    }
                    result[parts[0]] = parts[1]
                }
                return result
            },
            render: { map in map.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",") }
        )
    }
}

extension SettingType where Value == Set<UInt32> {
    /// Numeric user or group ids, as a ``list(_:accept:)`` (an array of integers is also accepted in the file).
    public static let numericIDs = Self(
        form: "numeric ids; comma-separated in the environment, an array in the file",
        decode: { input throws(ConfigurationError) in
            let form = "numeric ids; comma-separated in the environment, an array in the file"
            var texts: [String] = []
            switch input.raw {
            case .text(let text): texts = ListGrammar.split(text)
            case .toml(.array(let elements)):
                for element in elements {
                    switch element {
                    case .integer(let number): texts.append(String(number))
                    case .string(let text): texts.append(text)
                    default: throw input.invalid("holds \(element.typeName)", expected: form)
                    }
                }
            case .toml(let other): throw input.invalid("is \(other.typeName)", expected: form)
            }
            var ids: Set<UInt32> = []
            for text in texts {
                guard let id = UInt32(text) else { throw input.invalid("has \"\(text.escapedForMessage)\", not a numeric id", expected: form) }
                ids.insert(id)
            }
            return ids
        },
        render: { $0.sorted().map(String.init).joined(separator: ",") }
    )
}

extension SettingType where Value: RawRepresentable & CaseIterable & Sendable, Value.RawValue == String {
    /// One of the cases of `Value`, by raw value; exact unless `ignoringCase`.
    public static func choice(_ type: Value.Type = Value.self, ignoringCase: Bool = false) -> Self {
        let form = Value.allCases.map(\.rawValue).joined(separator: " | ")
        return Self(
            form: form,
            decode: { input throws(ConfigurationError) in
                let text = try input.text(expected: form)
                guard let value = Value(rawValue: text) ?? (ignoringCase ? Value(rawValue: text.lowercased()) : nil) else {
                    throw input.invalid("is \(input.quoted)", expected: form)
                }
                return value
            },
            render: { $0.rawValue }
        )
    }
}

extension Double {
    /// `0.5`, `1` (no trailing `.0`).
    var shortText: String {
        rounded() == self && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
