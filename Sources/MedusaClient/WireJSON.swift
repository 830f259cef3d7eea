import ExactJSON
import Foundation
import SyncCore

/// A JSON request body built field by field, serialised with stable key order and exact decimals.
///
/// Written by hand rather than with `JSONEncoder` so that (1) the byte size used for Medusa's body limits is
/// exactly what is sent, (2) amounts are written from their decimal digits (840.4, never 840.3999…), and
/// (3) "absent" and "null" stay distinct without double optionals leaking into Codable conformances.
enum WireJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case decimal(Decimal)
    case string(String)
    case array([WireJSON])
    case object([(String, WireJSON)])

    static func == (lhs: WireJSON, rhs: WireJSON) -> Bool { lhs.serialized() == rhs.serialized() }

    func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(into: &output)
        return output
    }

    var text: String { String(decoding: serialized(), as: UTF8.self) }

    private func write(into output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: Array("null".utf8))
        case .bool(let value): output.append(contentsOf: Array((value ? "true" : "false").utf8))
        case .int(let value): output.append(contentsOf: Array(String(value).utf8))
        case .decimal(let value): output.append(contentsOf: Array(Self.numberText(value).utf8))
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(member.0, into: &output)
                output.append(UInt8(ascii: ":"))
                member.1.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Plain decimal notation from the Decimal's own digits; NaN (never produced by the mapper) becomes 0.
    static func numberText(_ value: Decimal) -> String {
        if value.isNaN { return "0" }
        return value.description
    }

    private static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                           hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Free-form metadata, with keys sorted so equal metadata always serialises to equal bytes.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .number(let number): self = .decimal(number)
        case .string(let text): self = .string(text)
        case .array(let values): self = .array(values.map(WireJSON.init))
        case .object(let members):
            self = .object(members.keys.sorted().map { ($0, WireJSON(members[$0]!)) })
        }
    }

    init(metadata: [String: JSONValue]) { self.init(JSONValue.object(metadata)) }
}

/// Builds an object while skipping absent fields, so payload code reads like the body it produces.
struct WireObject {
    private(set) var members: [(String, WireJSON)] = []

    mutating func set(_ key: String, _ value: WireJSON) { members.append((key, value)) }
    mutating func set(_ key: String, _ value: String?) { if let value { members.append((key, .string(value))) } }
    mutating func set(_ key: String, _ value: Bool?) { if let value { members.append((key, .bool(value))) } }
    mutating func set(_ key: String, _ value: Int?) { if let value { members.append((key, .int(value))) } }
    mutating func set(_ key: String, _ value: Decimal?) { if let value { members.append((key, .decimal(value))) } }
    mutating func set(_ key: String, metadata: [String: JSONValue]?) {
        if let metadata { members.append((key, WireJSON(metadata: metadata))) }
    }
    /// `.none` skips the field, `.some(nil)` sends `null` (clears it in Medusa).
    mutating func set(_ key: String, nullable value: String??) {
        switch value {
        case .none: break
        case .some(.none): members.append((key, .null))
        case .some(.some(let text)): members.append((key, .string(text)))
        }
    }
    mutating func set(_ key: String, nullable value: Decimal??) {
        switch value {
        case .none: break
        case .some(.none): members.append((key, .null))
        case .some(.some(let number)): members.append((key, .decimal(number)))
        }
    }

    var json: WireJSON { .object(members) }
}
