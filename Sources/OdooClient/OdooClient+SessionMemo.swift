import Foundation
import SyncCore

/// The session as the engine keeps it between runs (`SyncMemo.odooSession`): enough to skip detection, tied to the
/// server, database and user it was made for. Holds no secret: a changed API key fails the next call, which ends
/// that run and makes the next one detect again.
struct RememberedOdooSession: Codable, Equatable {
    var url: String
    var database: String
    var username: String
    var serverVersion: String
    var majorVersion: Int
    var apiProtocol: OdooServerInfo.APIProtocol
    var uid: Int
    var optionalTemplateFields: [String]?
}

extension OdooClient {
    public func sessionMemo() -> String? {
        guard let session = state.withLock({ $0 }) else { return nil }
        let remembered = RememberedOdooSession(
            url: configuration.url, database: configuration.database, username: configuration.username,
            serverVersion: session.info.serverVersion, majorVersion: session.info.majorVersion,
            apiProtocol: session.info.apiProtocol, uid: session.uid, optionalTemplateFields: session.optionalTemplateFields)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(remembered)).flatMap { String(decoding: $0, as: UTF8.self) }
    }

    /// The server a remembered session was made with (what `/health` shows before the first run), without a client.
    public static func serverInfo(inSessionMemo memo: String) -> OdooServerInfo? {
        guard let remembered = try? JSONDecoder().decode(RememberedOdooSession.self, from: Data(memo.utf8)) else { return nil }
        return OdooServerInfo(serverVersion: remembered.serverVersion, majorVersion: remembered.majorVersion,
                              apiProtocol: remembered.apiProtocol, uid: remembered.uid)
    }

    public func resumeSession(memo: String) -> Bool {
        guard let remembered = try? JSONDecoder().decode(RememberedOdooSession.self, from: Data(memo.utf8)),
              remembered.url == configuration.url, remembered.database == configuration.database,
              remembered.username == configuration.username, remembered.uid > 0
        else { return false }
        switch (configuration.apiProtocol, remembered.apiProtocol) {
        case (.auto, _), (.json2, .json2), (.jsonrpc, .jsonrpc): break
        default: return false
        }
        let info = OdooServerInfo(serverVersion: remembered.serverVersion, majorVersion: remembered.majorVersion,
                                  apiProtocol: remembered.apiProtocol, uid: remembered.uid)
        state.withLock {
            $0 = OdooSession(info: info, uid: remembered.uid, optionalTemplateFields: remembered.optionalTemplateFields)
        }
        logger.info("resumed the Odoo session of an earlier run", metadata: [
            "odoo.version": "\(info.serverVersion)", "odoo.protocol": "\(info.apiProtocol.rawValue)",
        ])
        return true
    }
}
