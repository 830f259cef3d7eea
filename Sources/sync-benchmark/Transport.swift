import App
import AsyncHTTPClient
import HTTPTransport

/// The transport a phase uses: the service's own (`Adapters.apiTransport()`, 24 connections per host), or — to
/// measure what another pool size gives — the same settings with `connections` connections per host. That variant is
/// built here, not in `Adapters`: the service never runs with another pool size, only this measurement does.
enum BenchmarkTransport {
    static func make(connections: Int?) -> any HTTPTransport {
        guard let connections else { return Adapters.apiTransport() }
        var configuration = HTTPClient.Configuration(
            certificateVerification: .fullVerification,
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .seconds(10), read: .seconds(90)),
            proxy: nil,
            ignoreUncleanSSLShutdown: false,
            decompression: .enabled(limit: .ratio(25)))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = connections
        // Lives until the phase process exits.
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        return AsyncHTTPClientTransport(client: client)
    }
}
