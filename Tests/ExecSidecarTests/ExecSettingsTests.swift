import ExecSidecar
import Testing
import WardenCore
import WardenTestSupport

@Suite("Exec settings")
struct ExecSettingsTests {
    private static func server(_ environment: [String: String]) throws -> ExecSettings {
        try ExecSettings.server(from: .testing(environment, settings: ExecSettings.Registry.all))
    }

    private let base = [
        "WARDEN_EXEC_SOCKET": "/run/warden/exec.sock", "WARDEN_EXEC_WORKSPACE": "/workspace", "WARDEN_EXEC_ALLOWED_UIDS": "1000",
    ]

    @Test("has a ten-minute limit by default")
    func defaults() throws {
        let settings = try Self.server(base)
        #expect(settings.socketPath == "/run/warden/exec.sock")
        #expect(settings.workspaceRoot == "/workspace")
        #expect(settings.allowedUIDs == [1000])
        #expect(settings.allowedGIDs.isEmpty)
        #expect(settings.commandTimeout == .seconds(600))
        #expect(settings.requestTimeout == .seconds(10))
    }

    @Test("refuses to start without an allow list, naming exec.allowed_uids, instead of allowing its own uid")
    func allowListRequired() {
        var environment = base
        environment["WARDEN_EXEC_ALLOWED_UIDS"] = nil
        let error = #expect(throws: ConfigurationError.self) { try Self.server(environment) }
        #expect(error?.key == "exec.allowed_uids")
        #expect(error?.description.contains("WARDEN_EXEC_ALLOWED_GIDS") == true)
    }

    @Test("a group alone is an allow list")
    func groupAlone() throws {
        var environment = base
        environment["WARDEN_EXEC_ALLOWED_UIDS"] = nil
        environment["WARDEN_EXEC_ALLOWED_GIDS"] = "2000"
        let settings = try Self.server(environment)
        #expect(settings.allowedUIDs.isEmpty)
        #expect(settings.allowedGIDs == [2000])
    }

    @Test("reads the request time limit")
    func requestTimeout() throws {
        var environment = base
        environment["WARDEN_EXEC_REQUEST_TIMEOUT"] = "250ms"
        #expect(try Self.server(environment).requestTimeout == .milliseconds(250))
    }

    @Test("reads allowed uids and gids as comma-separated lists")
    func lists() throws {
        var environment = base
        environment["WARDEN_EXEC_ALLOWED_UIDS"] = "1000, 1001"
        environment["WARDEN_EXEC_ALLOWED_GIDS"] = "2000"
        let settings = try Self.server(environment)
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
        let error = #expect(throws: ConfigurationError.self) { try Self.server(environment) }
        #expect(error?.key == key)
    }

    @Test("an empty workspace is unset, and the server requires it")
    func emptyWorkspace() {
        var environment = base
        environment["WARDEN_EXEC_WORKSPACE"] = ""
        let error = #expect(throws: ConfigurationError.self) { try Self.server(environment) }
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
