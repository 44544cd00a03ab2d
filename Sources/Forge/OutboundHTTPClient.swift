public import AsyncHTTPClient
import Foundation
import Synchronization
public import WardenCore

/// The HTTP client Warden's own traffic to a forge goes out with: direct, or through `proxy.url`.
///
/// One client per proxy for the life of the process (like AsyncHTTPClient's shared client, so it is never shut
/// down and never deallocated). The decision is per base URL: a host `proxy.no_proxy` names goes direct.
public enum OutboundHTTPClient {
    private static let proxied = Mutex<[ProxyEndpoint: HTTPClient]>([:])

    /// The client for requests to `baseURL`.
    ///
    /// - Parameters:
    ///   - baseURL: the forge's base URL (`https://gitlab.example.com`).
    ///   - proxy: the `proxy` settings.
    /// - Returns: the shared direct client, or the one going through the proxy that applies to the URL's host.
    public static func client(for baseURL: String, proxy: ProxySettings) -> HTTPClient {
        guard let host = URLComponents(string: baseURL)?.host, let endpoint = proxy.endpoint(for: host) else { return .shared }
        return proxied.withLock { clients in
            if let client = clients[endpoint] { return client }
            var configuration = HTTPClient.Configuration.singletonConfiguration
            configuration.proxy = .server(host: endpoint.host, port: endpoint.port)
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[endpoint] = client
            return client
        }
    }
}
