public import Codex

/// The models `/v1/models` lists: codex's catalogue (`model/list`) when the worker answers, else the
/// configured models; the alias table's names are always added.
///
/// codex's answer is kept for a minute so model listings do not cost a round trip each.
public actor ModelCatalog {
    private let configured: [String]
    private let aliases: [String: String]
    private let cacheLifetime: Duration
    private var cached: (models: [String], at: ContinuousClock.Instant)?

    /// Creates a catalogue.
    ///
    /// - Parameters:
    ///   - configured: the fallback list.
    ///   - aliases: alias names, listed beside the models.
    ///   - cacheLifetime: how long codex's list is reused.
    public init(configured: [String], aliases: [String: String], cacheLifetime: Duration = .seconds(60)) {
        self.configured = configured
        self.aliases = aliases
        self.cacheLifetime = cacheLifetime
    }

    /// The model ids to list.
    ///
    /// - Parameter connection: the ready worker, or `nil` while none is.
    /// - Returns: ids in a stable order, without duplicates.
    public func models(connection: AppServerConnection?) async -> [String] {
        var base = configured
        if let cached, cached.at.duration(to: .now) < cacheLifetime {
            base = cached.models
        } else if let connection, let listed = try? await connection.request("model/list", params: .object([:]), timeout: .seconds(10)) {
            let names = Self.names(in: listed)
            if !names.isEmpty {
                cached = (names, .now)
                base = names
            }
        }
        var seen = Set<String>()
        return (base + configured + aliases.keys.sorted()).filter { seen.insert($0).inserted }
    }

    /// The visible model ids of a `model/list` result (`{"data":[{"id":…,"hidden":false},…]}`).
    static func names(in result: JSONValue) -> [String] {
        guard case .array(let entries)? = result["data"] else { return [] }
        return entries.compactMap { entry in
            if case .bool(true)? = entry["hidden"] { return nil }
            return entry["id"]?.stringValue
        }
    }
}
