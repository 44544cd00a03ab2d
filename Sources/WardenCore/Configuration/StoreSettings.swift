/// The `store` section: which store Warden opens and how it connects to PostgreSQL.
public struct StoreSettings: Sendable, Equatable {
    /// The store; `sqlite:<data_dir>/warden.sqlite` unless configured.
    public var url: StoreURL
    /// The PostgreSQL password (`store.password` or its `_file`), which wins over one in the URL.
    public var password: Secret?
    /// The certificate authorities for `sslmode=verify-full`; the system's when `nil`.
    public var caFile: String?
    /// The most PostgreSQL connections per process.
    public var poolSize: Int

    /// The pool size when nothing is configured.
    public static let defaultPoolSize = WardenConfiguration.Registry.storePoolSize.defaultValue

    /// Creates settings from values that are already valid.
    public init(url: StoreURL, password: Secret? = nil, caFile: String? = nil, poolSize: Int = Self.defaultPoolSize) {
        self.url = url
        self.password = password
        self.caFile = caFile
        self.poolSize = poolSize
    }

    init(from values: ConfigurationValues, dataDirectory: String) throws(ConfigurationError) {
        self.init(
            url: try values.value(WardenConfiguration.Registry.storeURL) ?? .sqlite(dataDirectory: dataDirectory),
            password: try values.value(WardenConfiguration.Registry.storePassword),
            caFile: try values.value(WardenConfiguration.Registry.storeCAFile),
            poolSize: try values.value(WardenConfiguration.Registry.storePoolSize)
        )
    }
}
