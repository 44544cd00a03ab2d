import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `WardenTestWorld --token T --clone-url URL --command CMD --patch-path PATH`: runs a ``TestWorld`` until SIGTERM or
/// SIGINT. A test program of the deploy tests (`deploy/tests/test_pod.py`); no image ships it.
let arguments = Array(CommandLine.arguments.dropFirst())
func value(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
guard let token = value("--token"), let cloneURL = value("--clone-url"), let command = value("--command"),
    let patchPath = value("--patch-path")
else {
    FileHandle.standardError.write(Data("usage: WardenTestWorld --token T --clone-url URL --command CMD --patch-path PATH\n".utf8))
    exit(64)
}
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
var logger = Logger(label: "warden.test.world")
logger.logLevel = .info
let world = TestWorld(settings: .init(token: token, cloneURL: cloneURL, command: command, patchPath: patchPath), logger: logger)
let group = ServiceGroup(
    configuration: .init(services: [.init(service: world)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
)
try await group.run()
