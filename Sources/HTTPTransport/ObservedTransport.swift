import HTTPTypes

/// Wraps a transport and reports every exchange (status or failure, duration, bytes) to an observer: the seam for
/// metrics and for the benchmark's request counts, without either knowing about the other.
public struct ObservedTransport: HTTPTransport {
    public struct Observation: Sendable {
        public var method: HTTPRequest.Method
        public var url: String
        /// nil when no HTTP answer came back (transport failure).
        public var status: Int?
        public var duration: Duration
        public var requestBytes: Int
        public var responseBytes: Int
    }

    let inner: any HTTPTransport
    let observe: @Sendable (Observation) -> Void

    public init(_ inner: any HTTPTransport, observe: @escaping @Sendable (Observation) -> Void) {
        self.inner = inner
        self.observe = observe
    }

    public func send(_ request: HTTPRequestData) async throws -> HTTPResponseData {
        let start = ContinuousClock.now
        do {
            let response = try await inner.send(request)
            observe(Observation(method: request.method, url: request.url, status: response.status, duration: ContinuousClock.now - start,
                                requestBytes: request.body?.count ?? 0, responseBytes: response.body.count))
            return response
        } catch {
            observe(Observation(method: request.method, url: request.url, status: nil, duration: ContinuousClock.now - start,
                                requestBytes: request.body?.count ?? 0, responseBytes: 0))
            throw error
        }
    }
}
