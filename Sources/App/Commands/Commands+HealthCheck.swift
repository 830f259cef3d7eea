import HTTPTransport

extension Commands {
    /// `healthcheck`: succeeds when the service on this machine answers `GET /health` (the container's HEALTHCHECK).
    public static func healthCheck(environment: EnvironmentSource = .process()) async throws(CommandFailure) {
        let port = environment["PORT"].flatMap(Int.init) ?? 8080
        let request = HTTPRequestData(method: .get, url: "http://127.0.0.1:\(port)/health", timeout: .seconds(3))
        let response: HTTPResponseData
        do { response = try await Adapters.probeTransport().send(request) } catch {
            throw CommandFailure(exitCode: 1, message: "health check: \(error)")
        }
        guard response.status == 200 else { throw CommandFailure(exitCode: 1, message: "health check: HTTP \(response.status)") }
    }
}
