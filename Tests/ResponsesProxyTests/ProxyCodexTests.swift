import Foundation
import Subprocess
import SystemPackage
import Testing
import WardenTestSupport

/// The real codex CLI talking to the model server through `warden responses-proxy`, with no key of its own.
@Suite("warden responses-proxy with the real codex")
struct ProxyCodexTests {
    @Test("codex completes a turn through the proxy; the upstream sees the stdin key, codex never has it")
    func codexTurnThroughProxy() async throws {
        let key = "sk-codex-proxy-KEY_9f8e7d6c5b4a"
        let server = ScriptedModelServer(script: [.message("Proxied answer from the model.")])
        let upstreamPort = try await server.start()
        let scratch = try ProxyProcess.scratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let dumpDirectory = scratch + "/dumps"
        let proxy = try await ProxyProcess.start(key: key, upstreamPort: upstreamPort, arguments: ["--dump-dir", dumpDirectory])
        defer { proxy.stop() }
        // A provider without env_key: codex sends no Authorization, the proxy injects it.
        let home = try TestCodexHome(
            modelServerPort: upstreamPort,
            extraConfig: [
                "[model_providers.proxy]",
                "name = \"proxy\"",
                "base_url = \"http://127.0.0.1:\(proxy.port)/v1\"",
                "wire_api = \"responses\"",
                "request_max_retries = 0",
                "stream_max_retries = 0",
                "supports_websockets = false",
            ]
        )
        defer { try? home.remove() }

        var environment: [Subprocess.Environment.Key: String] = [:]
        var environmentValues: [String] = []
        for (name, value) in home.environment() where name != "OPENAI_API_KEY" {
            environment[try #require(Subprocess.Environment.Key(rawValue: name))] = value
            environmentValues.append(value)
        }
        let result = try await Subprocess.run(
            .path(FilePath(try CodexBinary.path())),
            arguments: [
                "exec", "--json", "--skip-git-repo-check", "-c", "model_provider=\"proxy\"", "-C", home.workDirectory, "Say something.",
            ],
            environment: .custom(environment),
            workingDirectory: FilePath(home.workDirectory),
            input: .none,
            output: .string(limit: 1 << 22),
            error: .string(limit: 1 << 22)
        )
        await server.stop()

        let output = result.standardOutput
        #expect(result.terminationStatus == .exited(0), "stderr: \(result.standardError)")
        #expect(output.contains("Proxied answer from the model."))
        #expect(output.contains("turn.completed"))
        let requests = await server.requests.filter { $0.method == "POST" && $0.path == "/v1/responses" }
        #expect(!requests.isEmpty)
        for request in requests {
            #expect(request.header("authorization") == "Bearer \(key)")
        }
        // The model server (Hummingbird) folds Host into the request authority and does not record it; the dump of
        // what the proxy sent does.
        let requestDumps = try FileManager.default.contentsOfDirectory(atPath: dumpDirectory).filter { $0.hasSuffix("-request.json") }
        #expect(requestDumps.count == requests.count)
        // Dumps hold prompts and answers: only the proxy's user may read them.
        let directoryMode = try #require(FileManager.default.attributesOfItem(atPath: dumpDirectory)[.posixPermissions] as? Int)
        #expect(directoryMode & 0o777 == 0o700)
        for name in try FileManager.default.contentsOfDirectory(atPath: dumpDirectory) {
            let mode = try #require(FileManager.default.attributesOfItem(atPath: dumpDirectory + "/" + name)[.posixPermissions] as? Int)
            #expect(mode & 0o777 == 0o600, "\(name) is \(String(mode, radix: 8))")
        }
        for name in requestDumps {
            let dump = try #require(FileManager.default.contents(atPath: dumpDirectory + "/" + name))
            let object = try #require(try JSONSerialization.jsonObject(with: dump) as? [String: Any])
            let headers = try #require(object["headers"] as? [[String: String]])
            #expect(headers.contains { $0["name"] == "host" && $0["value"] == "127.0.0.1:\(upstreamPort)" })
            #expect(!headers.contains { $0["name"]?.lowercased() == "authorization" && $0["value"] != "[REDACTED]" })
        }
        #expect(!environmentValues.contains { $0.contains(key) })
        #expect(!environment.keys.contains { $0.rawValue == "OPENAI_API_KEY" })
        #expect(!proxy.standardError.contains(key))
        #expect(!result.standardError.contains(key))
    }
}
