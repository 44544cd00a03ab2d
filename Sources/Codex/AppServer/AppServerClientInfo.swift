/// How Warden introduces itself in `initialize`; the name becomes the `originator` header codex
/// sends to the model provider.
public struct AppServerClientInfo: Sendable, Equatable {
    /// The client name, e.g. `warden`.
    public var name: String
    /// A display title.
    public var title: String?
    /// The client's version.
    public var version: String
    /// Whether to opt into codex's experimental API (`capabilities.experimentalApi`), which dynamic tools
    /// (`dynamicTools` on `thread/start`, the server request `item/tool/call`) need.
    public var experimentalAPI: Bool

    /// Creates client info.
    public init(name: String = "warden", title: String? = "Warden", version: String = "0.1.0", experimentalAPI: Bool = false) {
        self.name = name
        self.title = title
        self.version = version
        self.experimentalAPI = experimentalAPI
    }

    /// The `params` of `initialize`.
    var initializeParameters: JSONValue {
        .object([
            "clientInfo": .object([
                "name": .string(name), "title": title.map(JSONValue.string) ?? .null, "version": .string(version),
            ]),
            "capabilities": .object(["experimentalApi": .bool(experimentalAPI), "requestAttestation": .bool(false)]),
        ])
    }
}
