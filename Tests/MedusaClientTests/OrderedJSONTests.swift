import Foundation
import ExactJSON
import SyncCore
import Testing

@testable import MedusaSimulator

/// The Medusa simulator reads bodies with the project's JSON reader, but as Node's `JSON.parse` would.
@Suite("OrderedJSON: the simulator's JSON keeps key order like JSON.parse")
struct OrderedJSONTests {
    @Test("keys keep their order; a repeated key keeps its first place and takes the last value; output is compact")
    func keyOrder() throws {
        let value = try OrderedJSON.parse(Array(#"{"zeta": 1, "alpha": {"b": 2, "a": 3}, "zeta": 4.50, "mid": [true, null, "x"]}"#.utf8))
        #expect(value.members?.keys == ["zeta", "alpha", "mid"])
        #expect(value["zeta"] == .number(Decimal(string: "4.5")!))
        #expect(value["alpha"]?.members?.keys == ["b", "a"])
        #expect(String(decoding: value.serialized(), as: UTF8.self) == #"{"zeta":4.5,"alpha":{"b":2,"a":3},"mid":[true,null,"x"]}"#)
    }

    @Test("a lone surrogate becomes U+FFFD (JavaScript accepts it); broken JSON is a syntax error")
    func leniencyAndErrors() throws {
        #expect(try OrderedJSON.parse(Array(#""a\ud800b""#.utf8)) == .string("a\u{FFFD}b"))
        #expect(throws: JSONText.SyntaxError.self) { try OrderedJSON.parse(Array(#"{"a": }"#.utf8)) }
        #expect(throws: JSONText.SyntaxError.self) { try OrderedJSON.parse(Array("[1, 2".utf8)) }
    }

    /// Small objects are scanned, large ones indexed: both must keep order, overwrite in place and remove cleanly.
    @Test("members keep order through sets, overwrites and removals, below and above the index threshold",
          arguments: [5, 24, 25, 60])
    func membersAtEverySize(count: Int) {
        var members = OrderedJSON.Members()
        var model: [(String, Int)] = []
        for index in 0..<count {
            members["k\(index)"] = .number(Decimal(index))
            model.append(("k\(index)", index))
        }
        members["k0"] = .number(100)  // overwrite: keeps its place
        model[0].1 = 100
        members["k\(count / 2)"] = nil  // removal: the rest close up
        model.remove(at: count / 2)
        members["late"] = .number(7)
        model.append(("late", 7))
        #expect(members.keys == model.map(\.0))
        for (key, value) in model { #expect(members[key] == .number(Decimal(value)), "\(key)") }
        #expect(members["k\(count / 2)"] == nil && !members.has("k\(count / 2)") && members.has("late"))
        #expect(members == OrderedJSON.Members(model.map { ($0.0, OrderedJSON.number(Decimal($0.1))) }))
        #expect(members != OrderedJSON.Members(model.reversed().map { ($0.0, OrderedJSON.number(Decimal($0.1))) }))
    }

    /// Built from a list of pairs: a repeated key keeps its first place and the last value, as when set one by one;
    /// distinct keys (what renderers build, `Members(distinct:)`) are taken as they are. Lookups and later changes
    /// work either way, indexed or not.
    @Test("members built from pairs equal members set one by one, repeated keys or not", arguments: [3, 5, 24, 25, 60])
    func membersFromPairs(count: Int) {
        let distinct = (0..<count).map { ("k\($0)", OrderedJSON.number(Decimal($0))) }
        for pairs in [distinct, distinct + [("k0", .string("last")), ("k\(count - 1)", .null)]] {
            var one = OrderedJSON.Members()
            for (key, value) in pairs { one[key] = value }
            var built = [OrderedJSON.Members(pairs)]
            if pairs.count == distinct.count { built.append(OrderedJSON.Members(distinct: pairs)) }
            for members in built {
                #expect(members == one)
                #expect(members.keys == distinct.map(\.0))
                for key in one.keys { #expect(members[key] == one[key], "\(key)") }
                var grown = members
                grown["new"] = .bool(true)
                grown["k0"] = .string("changed")
                #expect(grown["new"] == .bool(true) && grown.keys.last == "new" && grown.keys.count == count + 1)
                #expect(grown["k0"] == .string("changed") && grown.keys.first == "k0")
            }
        }
    }

    @Test("strings with quotes, control characters and non-ASCII round-trip")
    func strings() throws {
        let value = OrderedJSON.object([("t", .string("line\n\"q\" \\ \u{1} € 🪑"))])
        #expect(try OrderedJSON.parse(value.serialized()) == value)
    }
}
