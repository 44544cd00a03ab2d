#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The facts about the machine that defaults depend on, injectable so loading stays testable.
public struct ConfigurationHost: Sendable {
    /// Whether standard error is a terminal (then logs default to text, else JSON).
    public var standardErrorIsTerminal: Bool
    /// The working directory, where the bundled codex binary is looked for.
    public var currentDirectory: String
    /// Whether a path is an executable file.
    public var isExecutable: @Sendable (String) -> Bool

    /// Creates a host description; tests pass fixed facts.
    public init(standardErrorIsTerminal: Bool, currentDirectory: String, isExecutable: @escaping @Sendable (String) -> Bool) {
        self.standardErrorIsTerminal = standardErrorIsTerminal
        self.currentDirectory = currentDirectory
        self.isExecutable = isExecutable
    }

    /// The facts of the running process.
    public static var current: ConfigurationHost {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let directory = buffer.withUnsafeMutableBufferPointer { pointer -> String in
            guard let base = pointer.baseAddress, getcwd(base, pointer.count) != nil else { return "." }
            return String(cString: base)
        }
        return ConfigurationHost(
            standardErrorIsTerminal: isatty(STDERR_FILENO) == 1,
            currentDirectory: directory,
            isExecutable: { path in access(path, X_OK) == 0 }
        )
    }
}
