import HTTPTransport
import Hummingbird
import HummingbirdTesting
import Synchronization
import SyncCore
import Testing

/// The API transport never follows a redirect: a JSON-RPC body carries Odoo's key, and a redirect would carry it on.
@Suite("The Odoo/Medusa transport refuses redirects with a configuration error")
struct TransportRedirectTests {
    @Test("a 3xx answer is a configuration error naming where it points (no query), and the new address is not called",
          arguments: [301, 302, 307, 308])
    func redirectIsRefused(status: Int) async throws {
        let router = Router()
        let followed = Counter()
        router.post("/jsonrpc") { _, _ -> Response in
            Response(status: .init(code: status), headers: [.location: "/elsewhere?token=secret"])
        }
        router.post("/elsewhere") { _, _ -> String in
            followed.increment()
            return "{}"
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let transport = AsyncHTTPClientTransport.forAPICalls()
            let request = HTTPRequestData(method: .post, url: "http://127.0.0.1:\(port)/jsonrpc", body: Array("{}".utf8))
            let error = await #expect(throws: TransportError.self) { try await transport.send(request) }
            #expect(error?.kind == .redirected)
            #expect(error?.failureClass == .configuration)
            #expect(error?.description.contains("/elsewhere") == true)
            #expect(error?.description.contains("secret") == false)
        }
        #expect(followed.value == 0)
    }
}

/// A thread-safe count for route handlers.