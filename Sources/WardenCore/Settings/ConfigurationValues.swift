/// The layers settings are read from — the environment, then the file, then the default — checked against a
/// registry: build it with ``ConfigurationLoader/values(configPath:environment:host:registry:)``.
///
/// Every module reads its settings from this one value, so precedence, `*_FILE` secrets and "empty means unset"
/// are the same everywhere.
public struct ConfigurationValues: Sendable {
    /// The process environment (or a test's stand-in).
    public let environment: [String: String]
    /// The file's settings by dotted key (only keys the registry knows).
    let fileSettings: [String: TOMLValue]
    /// The settings this configuration was checked against.
    public let registry: SettingsRegistry
    /// Facts about the machine that some defaults depend on.
    public let host: ConfigurationHost
    /// Warnings found while loading (a `WARDEN_*` variable that looks like a misspelt setting).
    public let warnings: [String]

    init(environment: [String: String], fileSettings: [String: TOMLValue], registry: SettingsRegistry, host: ConfigurationHost) {
        self.environment = environment
        self.fileSettings = fileSettings
        self.registry = registry
        self.host = host
        self.warnings = registry.environmentWarnings(environment)
    }

    /// The effective value of `setting`: the environment's, else the file's, else the default.
    ///
    /// An empty environment variable or file string counts as unset.
    /// - Throws: ``ConfigurationError`` naming the variable or key whose value is not accepted.
    public func value<Value>(_ setting: Setting<Value>) throws(ConfigurationError) -> Value {
        guard let input = try input(for: setting.declaration) else { return setting.defaultValue }
        return try setting.decode(input)
    }

    /// The layer the effective value of a setting comes from.
    public func source(of declaration: SettingDeclaration) -> SettingSource {
        if declaration.environmentNames.contains(where: { !Self.isBlank(environment[$0] ?? "") }) { return .environment }
        if declaration.fileKeys.contains(where: { fileSettings[$0].map { !Self.isEmpty($0) } ?? false }) { return .file }
        return .default
    }

    /// The input of the highest layer that sets the declaration, reading a secret's file where one is named.
    ///
    /// - Throws: ``ConfigurationError`` when a secret is set in both forms in one layer or its file is unreadable.
    func input(for declaration: SettingDeclaration) throws(ConfigurationError) -> SettingInput? {
        let directory = host.currentDirectory
        let direct = environment[declaration.environmentName].flatMap { Self.isBlank($0) ? nil : $0 }
        let viaFile = declaration.isSecret ? environment[declaration.environmentFileName].flatMap { Self.isBlank($0) ? nil : $0 } : nil
        switch (direct, viaFile) {
        case (.some, .some):
            throw .invalidValue(
                key: declaration.environmentName,
                problem: "and \(declaration.environmentFileName) are both set",
                expected: "only one of them; \(declaration.environmentFileName) is preferred"
            )
        case (let text?, nil):
            return SettingInput(raw: .text(text), origin: declaration.environmentName, workingDirectory: directory)
        case (nil, let path?):
            let text = try Self.secret(fromFile: PathResolution.absolute(path, in: directory), key: declaration.environmentFileName)
            return SettingInput(raw: .text(text), origin: declaration.environmentFileName, workingDirectory: directory)
        case (nil, nil):
            break
        }
        let fileDirect = fileSettings[declaration.fileKey].flatMap { Self.isEmpty($0) ? nil : $0 }
        let fileViaFile = declaration.isSecret ? fileSettings[declaration.fileKeyOfFile].flatMap { Self.isEmpty($0) ? nil : $0 } : nil
        switch (fileDirect, fileViaFile) {
        case (.some, .some):
            throw .invalidValue(
                key: declaration.fileKey,
                problem: "and \(declaration.fileKeyOfFile) are both set",
                expected: "only one of them; \(declaration.fileKeyOfFile) is preferred"
            )
        case (let value?, nil):
            return SettingInput(raw: .toml(value), origin: declaration.fileKey, workingDirectory: directory)
        case (nil, .string(let path)?):
            let text = try Self.secret(fromFile: PathResolution.absolute(path, in: directory), key: declaration.fileKeyOfFile)
            return SettingInput(raw: .text(text), origin: declaration.fileKeyOfFile, workingDirectory: directory)
        case (nil, let other?):
            throw .invalidValue(key: declaration.fileKeyOfFile, problem: "is \(other.typeName)", expected: "the path of a file holding the secret")
        case (nil, nil):
            return nil
        }
    }

    /// Empty strings, in the file as in the environment, mean "unset".
    private static func isEmpty(_ value: TOMLValue) -> Bool {
        if case .string(let text) = value { return isBlank(text) }
        return false
    }

    /// Whether `text` is empty or only spaces and tabs.
    private static func isBlank(_ text: String) -> Bool {
        text.allSatisfy { $0 == " " || $0 == "\t" }
    }

    private static func secret(fromFile path: String, key: String) throws(ConfigurationError) -> String {
        var contents = Substring(try ConfigurationLoader.readTextFile(atPath: path, key: key))
        while let last = contents.last, last == "\n" || last == "\r\n" || last == "\r" {
            contents = contents.dropLast()
        }
        guard !contents.isEmpty else {
            throw .invalidValue(key: key, problem: "names an empty file", expected: "a file holding the secret")
        }
        return String(contents)
    }
}
