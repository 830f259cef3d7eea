import Foundation
import Testing

@testable import MedusaSimulator

/// Medusa's ids: a prefix, then 26 Crockford base-32 digits (10 of time, 16 of counter), so ids sort by creation.
@Suite("Simulated Medusa ids")
struct IdentifierGeneratorTests {
    @Test("prefix, 26 base-32 digits, ascending in creation order")
    func shapeAndOrder() {
        var generator = IdentifierGenerator()
        let ids = (0..<2_000).map { _ in generator.next("variant") }
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        for id in ids {
            #expect(id.hasPrefix("variant_"))
            let digits = id.dropFirst("variant_".count)
            #expect(digits.count == 26)
            #expect(digits.allSatisfy(alphabet.contains))
        }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        // The counter is the last 16 digits: the first id's counter is 1.
        #expect(ids[0].hasSuffix("0000000000000001"))
        #expect(ids[30].hasSuffix("000000000000000Z"))
        #expect(ids[31].hasSuffix("0000000000000010"))
    }
}
