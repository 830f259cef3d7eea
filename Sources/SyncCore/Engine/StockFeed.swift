/// Variant bindings written during the products phase (created, adopted or updated products), handed by their
/// producer (`WrittenProductBinder`) to the stock writer that runs beside the products phase (`StockPass.consume`).
/// Closed when the products phase ends.
final class StockFeed: Sendable {
    /// What the feed's consumer did: the variants whose stock it handled (the stock pass skips them) and the
    /// failures it met (reported with the stock pass's, after the product outcomes).
    struct Result: Sendable {
        var handled: Set<Int> = []
        var failures: [StockPass.Failure] = []
    }

    let stream: AsyncStream<[VariantBinding]>
    private let continuation: AsyncStream<[VariantBinding]>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: [VariantBinding].self)
    }

    /// Hands over variant bindings as they were just saved.
    func add(_ variants: [VariantBinding]) { continuation.yield(variants) }

    func close() { continuation.finish() }
}
