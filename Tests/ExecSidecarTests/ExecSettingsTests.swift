import ExecSidecar
import Testing

@Suite("Exec settings")
struct ExecSettingsTests {
    private let base = ["WARDEN_EXEC_SOCKET": "/run/warden/exec.sock", "WARDEN_EXEC_WORKSPACE": "/workspace"]

    @Test("defaults to the server's own uid, no gids and a ten-minute limit")
    func defaults() throws {
        let settings = try ExecSettings.server(environment: base, ownUID: 1000)
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
        #expect(try ExecSettings.server(environment: environment, ownUID: 0).requestTimeout == .milliseconds(250))
    }

    @Test("reads allowed uids and gids as comma-separated lists")
    func lists() throws {
        var environment = base
        environment["WARDEN_EXEC_ALLOWED_UIDS"] = "1000, 1001"
        environment["WARDEN_EXEC_ALLOWED_GIDS"] = "2000"
        let settings = try ExecSettings.server(environment: environment, ownUID: 0)
        #expect(settings.allowedUIDs == [1000, 1001])
        #expect(settings.allowedGIDs == [2000])
    }

    @Test("parses durations", arguments: [
        ("300", Duration?.some(.seconds(300))), ("45s", .seconds(45)), ("5m", .seconds(300)), ("1500ms", .milliseconds(1500)),
        ("0", nil), ("-3s", nil), ("soon", nil), ("", nil),
    ])
    func durations(_ text: String, _ expected: Duration?) {
        #expect(ExecSettings.parseDuration(text) == expected)
    }

    @Test("names the variable that is wrong", arguments: [
        ("WARDEN_EXEC_SOCKET", "relative.sock"),
        ("WARDEN_EXEC_WORKSPACE", ""),
        ("WARDEN_EXEC_WORKSPACE", "workspace"),
        ("WARDEN_EXEC_ALLOWED_UIDS", "root"),
        ("WARDEN_EXEC_TIMEOUT", "forever"),
        ("WARDEN_EXEC_REQUEST_TIMEOUT", "0"),
    ])
    func invalid(_ key: String, _ value: String) {
        var environment = base
        environment[key] = value
        do {
            _ = try ExecSettings.server(environment: environment, ownUID: 0)
            Issue.record("\(key)=\(value) was accepted")
        } catch {
            #expect(error.description.hasPrefix("\(key) is invalid"))
        }
    }

    @Test("the shim needs only the socket")
    func shim() throws {
        #expect(try ExecSettings.shim(environment: ["WARDEN_EXEC_SOCKET": "/s"]).socketPath == "/s")
        #expect(throws: ExecSidecarError.self) { try ExecSettings.shim(environment: [:]) }
    }
}
