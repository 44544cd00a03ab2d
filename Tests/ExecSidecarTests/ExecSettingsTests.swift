import ExecSidecar
import Testing
import WardenCore
import WardenTestSupport

@Suite("Exec settings")
struct ExecSettingsTests {
    private static func server(_ environment: [String: String], ownUID: UInt32) throws -> ExecSettings {
        try ExecSettings.server(from: .testing(environment, settings: ExecSettings.Registry.all), ownUID: ownUID)
    }

    private let base = ["WARDEN_EXEC_SOCKET": "/run/warden/exec.sock", "WARDEN_EXEC_WORKSPACE": "/workspace"]

    @Test("defaults to the server's own uid, no gids and a ten-minute limit")
    func defaults() throws {
        let settings = try Self.server(base, ownUID: 1000)
        #expect(settings.socketPath == "/run/warden/exec.sock")
        #expect(settings.workspaceRoot == "/workspace")
        #expect(settings.allowedUIDs == [1000])
        #expect(settings.allowedGIDs.isEmpty)
        #expect(settings.commandTimeout == .seconds(600))
        #expect(settings.requestTimeout == .seconds(10))
    }

    @Test("reads the request time limit")
    func requestTimeout() throws {
        var environment = base
        environment["WARDEN_EXEC_REQUEST_TIMEOUT"] = "250ms"
        #expect(try Self.server(environment, ownUID: 0).requestTimeout == .milliseconds(250))
    }

    @Test("reads allowed uids and gids as comma-separated lists")
    func lists() throws {
        var environment = base
        environment["WARDEN_EXEC_ALLOWED_UIDS"] = "1000, 1001"
        environment["WARDEN_EXEC_ALLOWED_GIDS"] = "2000"
        let settings = try Self.server(environment, ownUID: 0)
        #expect(settings.allowedUIDs == [1000, 1001])
        #expect(settings.allowedGIDs == [2000])
    }

    @Test("names the variable that is wrong", arguments: [
        ("WARDEN_EXEC_SOCKET", "relative.sock"),
        ("WARDEN_EXEC_WORKSPACE", "workspace"),
        ("WARDEN_EXEC_ALLOWED_UIDS", "root"),
        ("WARDEN_EXEC_TIMEOUT", "forever"),
        ("WARDEN_EXEC_REQUEST_TIMEOUT", "0"),
    ])
    func invalid(_ key: String, _ value: String) {
        var environment = base
        environment[key] = value
        let error = #expect(throws: ConfigurationError.self) { try Self.server(environment, ownUID: 0) }
        #expect(error?.key == key)
    }

    @Test("an empty workspace is unset, and the server requires it")
    func emptyWorkspace() {
        var environment = base
        environment["WARDEN_EXEC_WORKSPACE"] = ""
        let error = #expect(throws: ConfigurationError.self) { try Self.server(environment, ownUID: 0) }
        #expect(error?.key == "exec.workspace")
        #expect(error?.description.contains("WARDEN_EXEC_WORKSPACE") == true)
    }

    @Test("the shim needs only the socket")
    func shim() throws {
        let values = try ConfigurationValues.testing(["WARDEN_EXEC_SOCKET": "/s"], settings: ExecSettings.Registry.all)
        #expect(try ExecSettings.shim(from: values).socketPath == "/s")
        #expect(throws: ConfigurationError.self) { try ExecSettings.shim(from: .testing([:], settings: ExecSettings.Registry.all)) }
    }
}
