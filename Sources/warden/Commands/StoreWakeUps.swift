import ServiceLifecycle
import Store

/// The service that carries wake-ups between replicas: with PostgreSQL, every enqueue's `NOTIFY` (from any replica)
/// wakes this process's idle workers; SQLite needs none (one process enqueues and claims).
struct StoreWakeUps {
    let store: OpenedStore
    let wakeUp: QueueWakeUp

    /// The services to run beside the workers: one listener for PostgreSQL, none for SQLite.
    var services: [any Service] {
        switch store {
        case .sqlite: []
        case .postgres(let store): [Listener(store: store, wakeUp: wakeUp)]
        }
    }

    /// Listens until graceful shutdown.
    private struct Listener: Service {
        let store: PostgresStore
        let wakeUp: QueueWakeUp

        func run() async throws {
            await cancelWhenGracefulShutdown { [store, wakeUp] in
                await store.forwardWakeUps(to: wakeUp)
            }
        }
    }
}
