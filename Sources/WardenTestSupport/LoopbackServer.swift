import Hummingbird
import Logging
import ServiceLifecycle

/// A running in-process Hummingbird server on 127.0.0.1 at a port the system picked; the fakes and the scripted
/// model server each hold one.
struct LoopbackServer: Sendable {
    /// The bound port.
    let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    /// Starts serving every request with `respond` and returns once the listener is bound.
    /// - Parameters:
    ///   - logger: where Hummingbird logs.
    ///   - respond: the server's whole routing; errors become Hummingbird's error responses.
    /// - Throws: ``TestSupportError`` when the server cannot bind or stops before listening.
    static func start(
        logger: Logger,
        respond: @escaping @Sendable (Request) async throws -> Response
    ) async throws -> LoopbackServer {
        let (ports, portContinuation) = AsyncThrowingStream<Int, any Error>.makeStream()
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in try await respond(request) },
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                if let port = channel.localAddress?.port {
                    portContinuation.yield(port)
                } else {
                    portContinuation.finish(throwing: TestSupportError.serverFailedToStart(reason: "the channel has no local address"))
                }
            },
            logger: logger
        )
        // The application runs in its own group until stop() shuts it down gracefully: the listener closes, idle
        // connections close, and open streams finish.
        let group = ServiceGroup(services: [application], logger: logger)
        let task = Task {
            do {
                try await group.run()
                portContinuation.finish()
            } catch {
                portContinuation.finish(throwing: error)
            }
        }
        do {
            for try await port in ports {
                return LoopbackServer(port: port, group: group, task: task)
            }
            throw TestSupportError.serverFailedToStart(reason: "the server stopped before listening")
        } catch {
            await group.triggerGracefulShutdown()
            await task.value
            throw (error as? TestSupportError) ?? TestSupportError.serverFailedToStart(reason: "\(error)")
        }
    }

    /// Shuts the server down gracefully and waits until it has stopped.
    func stop() async {
        await group.triggerGracefulShutdown()
        await task.value
    }
}
