import ArgumentParser
import Foundation
import Hardening

extension ProcessHardening {
    /// Hardens a command that holds credentials (the forge token, the webhook secret, the gateway key) before it reads
    /// them: not dumpable, so another process of the same user cannot read its `/proc/<pid>/environ` or memory nor
    /// attach a debugger; no core dumps; no `LD_*` for its children. Exits with the hardening error's status when the
    /// kernel refuses.
    ///
    /// - Parameter command: the command's name, for the error line.
    static func hardenCommand(_ command: String) throws {
        do {
            try applyPreMain()
        } catch {
            FileHandle.standardError.write(Data("warden \(command): \(error)\n".utf8))
            throw ExitCode(error.exitStatus)
        }
    }
}
