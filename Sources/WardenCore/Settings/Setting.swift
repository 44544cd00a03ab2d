/// One setting, declared once in the registry of the module that reads it: its file key, its environment
/// variable, its type, its default and a line of documentation.
///
/// For a setting without a default, `Value` is an optional and the default is `nil`.
public struct Setting<Value: Sendable>: Sendable {
    /// The dotted key in `warden.toml` (`gateway.keepalive`), in a section named after the system.
    public let fileKey: String
    /// The overriding environment variable (`WARDEN_GATEWAY_KEEPALIVE`).
    public let environmentName: String
    /// The value when no layer sets one.
    public let defaultValue: Value
    /// The default as the documentation shows it, where it is not simply ``defaultValue`` rendered.
    let defaultDescription: String?
    /// One line for the documentation.
    public let doc: String
    /// The accepted form.
    public let form: String
    /// Whether the value is a credential.
    public let isSecret: Bool
    let decode: @Sendable (SettingInput) throws(ConfigurationError) -> Value
    let render: @Sendable (Value) -> String?

    /// A setting with a default.
    ///
    /// - Parameters:
    ///   - fileKey: the dotted file key.
    ///   - environmentName: the `WARDEN_*` variable.
    ///   - type: how values are written and read.
    ///   - defaultValue: the value when nothing sets one.
    ///   - defaultDescription: the default for the documentation when it depends on the machine.
    ///   - doc: one line of documentation.
    public init(
        _ fileKey: String,
        _ environmentName: String,
        _ type: SettingType<Value>,
        default defaultValue: Value,
        defaultDescription: String? = nil,
        doc: String
    ) {
        self.fileKey = fileKey
        self.environmentName = environmentName
        self.defaultValue = defaultValue
        self.defaultDescription = defaultDescription
        self.doc = doc
        self.form = type.form
        self.isSecret = type.isSecret
        self.decode = type.decode
        self.render = type.render
    }

    /// A setting without a default: unset reads as `nil`.
    public init<Wrapped>(
        _ fileKey: String,
        _ environmentName: String,
        _ type: SettingType<Wrapped>,
        defaultDescription: String? = nil,
        doc: String
    ) where Value == Wrapped? {
        self.fileKey = fileKey
        self.environmentName = environmentName
        self.defaultValue = nil
        self.defaultDescription = defaultDescription
        self.doc = doc
        self.form = type.form
        self.isSecret = type.isSecret
        let decode = type.decode
        self.decode = { input throws(ConfigurationError) in try decode(input) }
        let render = type.render
        self.render = { value in value.map(render) }
    }

    /// The error for a required setting that no layer sets, naming the key and both variables.
    public var missing: ConfigurationError {
        .missingValue(key: fileKey, expected: "it in warden.toml or " + declaration.environmentNames.joined(separator: " or "))
    }
}

/// What the registry, `warden config show` and the documentation need of any setting, whatever its type.
public protocol AnySetting: Sendable {
    /// The setting's declaration.
    var declaration: SettingDeclaration { get }
    /// The effective value as shown to an operator (secrets as `<redacted>`), or `nil` when unset.
    ///
    /// - Throws: ``ConfigurationError`` when a layer's value is invalid.
    func shownValue(in values: ConfigurationValues) throws(ConfigurationError) -> String?
}

/// The untyped facts of a setting.
public struct SettingDeclaration: Sendable, Hashable {
    /// The dotted file key.
    public let fileKey: String
    /// The environment variable.
    public let environmentName: String
    /// The accepted form.
    public let form: String
    /// The default as documented (`—` when there is none).
    public let defaultText: String
    /// Whether the value is a credential.
    public let isSecret: Bool
    /// One line of documentation.
    public let doc: String

    /// The file key of a file holding the secret (`gitlab.token_file`).
    public var fileKeyOfFile: String { fileKey + "_file" }
    /// The variable naming a file holding the secret (`WARDEN_GITLAB_TOKEN_FILE`).
    public var environmentFileName: String { environmentName + "_FILE" }
    /// The section (`gateway` for `gateway.keepalive`; empty for top-level keys).
    public var section: String { fileKey.split(separator: ".").dropLast().joined(separator: ".") }
    /// Every file key this setting may be written under.
    public var fileKeys: [String] { isSecret ? [fileKey, fileKeyOfFile] : [fileKey] }
    /// Every variable this setting may come from.
    public var environmentNames: [String] { isSecret ? [environmentName, environmentFileName] : [environmentName] }
}

extension Setting: AnySetting {
    public var declaration: SettingDeclaration {
        SettingDeclaration(
            fileKey: fileKey,
            environmentName: environmentName,
            form: form,
            defaultText: defaultDescription ?? render(defaultValue).map { "`\($0)`" } ?? "—",
            isSecret: isSecret,
            doc: doc
        )
    }

    public func shownValue(in values: ConfigurationValues) throws(ConfigurationError) -> String? {
        render(try values.value(self))
    }
}
