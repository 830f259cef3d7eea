import Foundation
import HTTPTransport
import HTTPTypes
import SyncCore

/// Reads the answer to `GET /json/version`, the probe that decides between JSON-2 and JSON-RPC. What each version
/// really answers (recorded in the fixtures):
/// - 19+: 200 with the version — JSON-2 is there;
/// - 17: werkzeug's 404 page — no JSON-2;
/// - 18: **303 to `/web/login?redirect=…`** — the web client's `/json/<path>` route needs a logged-in session, so an
///   anonymous GET is sent to the login page. That is Odoo, without JSON-2, not a wrong URL.
/// The probe carries no credential, and the redirect is never followed (the transport refuses redirects because a
/// JSON-RPC body carries the key); any other redirect stays a configuration error naming where it points.
enum JSON2Probe {
    static let method = "GET /json/version"

    /// The version when the server speaks JSON-2; nil when it is an Odoo without it.
    static func read(_ response: HTTPResponseData, baseURL: String, secret: String) throws(OdooError) -> (version: String, major: Int)? {
        switch response.status {
        case 200:
            let body = try OdooResponseReading.json(response, model: nil, method: method)
            do {
                return try OdooRecordDecoder.serverVersion(body)
            } catch {
                throw error.located(model: nil, method: method)
            }
        case 404:
            return nil
        case 300..<400:
            let location = response.header("Location")
            if isLoginPage(location, of: baseURL) { return nil }
            let redirect = TransportError.redirected(from: baseURL + "/json/version",
                                                     .init(status: response.status, location: location))
            throw OdooError(kind: .wrongURL, method: method, message: redirect.description, httpStatus: response.status,
                            redacting: secret)
        default:
            throw OdooResponseReading.httpFailure(response, model: nil, method: method, notFound: .wrongURL, secret: secret)
        }
    }

    /// The same reading for a redirect the transport refused: its status and `Location` are all the server said that
    /// matters here.
    static func answer(of redirect: TransportError.Redirect) -> HTTPResponseData {
        var fields = HTTPFields()
        if let location = redirect.location { fields[.location] = location }
        return HTTPResponseData(status: redirect.status, headerFields: fields)
    }

    /// Whether `location` is Odoo's login page on the configured server (relative, as Odoo sends it, or absolute on the
    /// same scheme, host and port). A login page elsewhere means the URL points at something else.
    static func isLoginPage(_ location: String?, of baseURL: String) -> Bool {
        guard let location, let target = URLComponents(string: location), target.path == "/web/login" else { return false }
        guard target.host != nil else { return target.scheme == nil }
        guard let base = URLComponents(string: baseURL) else { return false }
        return target.scheme?.lowercased() == base.scheme?.lowercased() && target.host?.lowercased() == base.host?.lowercased()
            && (target.port ?? defaultPort(target.scheme)) == (base.port ?? defaultPort(base.scheme))
    }

    private static func defaultPort(_ scheme: String?) -> Int? {
        switch scheme?.lowercased() {
        case "http": 80
        case "https": 443
        default: nil
        }
    }
}
