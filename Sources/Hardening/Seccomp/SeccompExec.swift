import CLinuxSecurity
import Glibc

/// Runs a program under the seccomp filter: installs it on this process, then replaces the process with the
/// program (`warden exec-shim --seccomp-exec -- ARGV`).
///
/// This is how a child gets the filter between fork and exec when the spawner (swift-subprocess) has no
/// pre-exec hook: the spawner starts this step, which filters itself and `execve`s the real program, so
/// the filter is inherited by it and everything it starts. It fails closed: when the filter cannot be
/// installed, nothing runs.
public enum SeccompExec {
    /// Installs the filter for this machine, marks every descriptor above 2 close-on-exec, and executes
    /// `arguments[0]` (an absolute path, or a name looked up on `PATH`) with `arguments` as its argv and this
    /// process's environment.
    /// - Parameter arguments: The program and its arguments; must not be empty.
    /// - Returns: Only on failure: ``SeccompError`` saying what failed (the program did not run).
    public static func execute(_ arguments: [String]) -> SeccompError {
        guard let architecture = SeccompArchitecture.current else { return .unsupportedArchitecture }
        guard let program = arguments.first else { return .execFailed(path: "", errno: EINVAL) }
        _ = warden_mark_descriptors_cloexec(3)
        do {
            try SeccompFilter(architecture: architecture).install()
        } catch {
            return error
        }
        var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        cArguments.append(nil)
        if program.contains("/") {
            execv(program, &cArguments)
        } else {
            execvp(program, &cArguments)
        }
        let failure = Glibc.errno
        for argument in cArguments { free(argument) }
        return .execFailed(path: program, errno: failure)
    }
}
