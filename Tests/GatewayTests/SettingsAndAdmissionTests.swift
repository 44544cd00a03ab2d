import Codex
import HTTPTypes
import Logging
import Testing
import WardenCore
import WardenTestSupport

@testable import Gateway

@Suite("Gateway settings and admission")
struct SettingsAndAdmissionTests {
    static func settings(_ environment: [String: String]) throws -> ChatGatewaySettings {
        try ChatGatewaySettings(from: .testing(environment, settings: ChatGatewaySettings.Registry.all))
    }

    @Test("reads the WARDEN_GATEWAY_* variables")
    func readsVariables() throws {
        let settings = try Self.settings([
            "WARDEN_GATEWAY_MAX_CONCURRENT_TURNS": "2", "WARDEN_GATEWAY_MAX_QUEUED": "0", "WARDEN_GATEWAY_QUEUE_TIMEOUT": "500ms",
            "WARDEN_GATEWAY_REQUEST_TIMEOUT": "2m", "WARDEN_GATEWAY_KEEPALIVE": "10", "WARDEN_GATEWAY_MODEL_ALIASES": "fast = gpt-5.5, deep=gpt-6",
            "WARDEN_GATEWAY_MODELS": "gpt-5.5,gpt-6", "WARDEN_GATEWAY_SPARE_THREADS": "0",
            "WARDEN_GATEWAY_RECYCLE_AFTER": "0", "WARDEN_GATEWAY_TOOLS": "shell, web_search,view_image",
        ])
        #expect(settings.maxConcurrentTurns == 2 && settings.maxQueuedRequests == 0)
        #expect(settings.queueTimeout == .milliseconds(500) && settings.requestTimeout == .seconds(120) && settings.keepAliveInterval == .seconds(10))
        #expect(settings.modelAliases == ["fast": "gpt-5.5", "deep": "gpt-6"] && settings.models == ["gpt-5.5", "gpt-6"])
        #expect(settings.spareThreadShapes == 0)
        #expect(ChatGatewaySettings().spareThreadShapes == 4)
        #expect(settings.recycleAfterTurns == 0 && ChatGatewaySettings().recycleAfterTurns == 500)
        #expect(settings.tools == ToolPolicy(tools: [.shell, .webSearch, .viewImage]))
        #expect(try Self.settings([:]).tools == .gatewayDefault)
        #expect(try Self.settings(["WARDEN_GATEWAY_TOOLS": ","]).tools == ToolPolicy(tools: []))
    }

    @Test("a bad value names its variable", arguments: [
        ("WARDEN_GATEWAY_MAX_CONCURRENT_TURNS", "0"), ("WARDEN_GATEWAY_MAX_QUEUED", "-1"), ("WARDEN_GATEWAY_QUEUE_TIMEOUT", "soon"),
        ("WARDEN_GATEWAY_REQUEST_TIMEOUT", "0s"), ("WARDEN_GATEWAY_MODEL_ALIASES", "fast"), ("WARDEN_GATEWAY_KEEPALIVE", "25h"),
        ("WARDEN_GATEWAY_SPARE_THREADS", "65"), ("WARDEN_GATEWAY_RECYCLE_AFTER", "-1"), ("WARDEN_GATEWAY_TOOLS", "shell,plugins"),
    ])
    func namesVariable(name: String, value: String) {
        #expect { try Self.settings([name: value]) } throws: { error in
            (error as? ConfigurationError)?.key == name
        }
    }

    @Test("refuses no key off loopback and a short key anywhere", arguments: [
        (nil as String?, "127.0.0.1", true), (nil, "0.0.0.0", false), ("short", "127.0.0.1", false),
        ("0123456789abcdef", "0.0.0.0", true), (nil, "::1", true),
    ])
    func exposure(key: String?, host: String, allowed: Bool) {
        let result = Result { try ChatGatewaySettings.checkExposure(apiKey: key.map(Secret.init), host: host) }
        #expect((try? result.get()) != nil ? allowed : !allowed)
    }

    @Test("admits up to the limit, hands a freed slot to the waiter, refuses after the queue timeout")
    func admission() async throws {
        let gate = AdmissionGate(limit: 1, maximumQueued: 1, queueTimeout: .milliseconds(200))
        try await gate.admit()
        // A second request waits; the queue (one place) is then full for a third.
        async let waiting: Void = gate.admit()
        while await gate.queued == 0 { try await Task.sleep(for: .milliseconds(5)) }
        await #expect(throws: GatewayError.self) { try await gate.admit() }
        await gate.release()
        try await waiting
        #expect(await gate.active == 1)
        // Nobody releases now: the next one times out with 429.
        await #expect { try await gate.admit() } throws: { error in (error as? GatewayError)?.status == 429 }
        await gate.release()
        #expect(await gate.active == 0)
    }

    @Test("closing an idle gate holds new requests until it reopens; a busy gate does not close")
    func closeIfIdle() async throws {
        let gate = AdmissionGate(limit: 2, maximumQueued: 4, queueTimeout: .seconds(60))
        try await gate.admit()
        #expect(await !gate.closeIfIdle(), "a turn runs")
        await gate.release()
        #expect(await gate.closeIfIdle())
        async let held: Void = gate.admit()
        while await gate.queued == 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await gate.active == 2, "every slot is taken while closed")
        await gate.reopen()
        try await held
        #expect(await gate.active == 1)
        #expect(await gate.queued == 0)
        await gate.release()
        #expect(await gate.active == 0)
    }

    @Test("a worker is due after its limit of turns; a new worker starts from zero; 0 never")
    func recyclerCounts() async {
        let one = AppServerConnection(outbox: AsyncStream<[UInt8]>.makeStream().continuation, logger: Logger(label: "test"))
        let two = AppServerConnection(outbox: AsyncStream<[UInt8]>.makeStream().continuation, logger: Logger(label: "test"))
        let recycler = WorkerRecycler(limit: 2)
        #expect(await recycler.turnEnded(on: one) == nil)
        #expect(await recycler.turnEnded(on: one) == 2)
        #expect(await recycler.turnEnded(on: one) == 3, "still due until replaced")
        #expect(await recycler.turnEnded(on: two) == nil)
        let never = WorkerRecycler(limit: 0)
        for _ in 0..<5 { #expect(await never.turnEnded(on: one) == nil) }
    }
}
