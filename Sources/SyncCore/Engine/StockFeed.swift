/// Variant bindings written during the products phase (created, adopted or updated products), handed to the stock
/// writer that runs beside the products phase (`SyncRun.consumeStockFeed`). Closed when the products phase ends.
final class StockFeed: Sendable {
    /// What the feed's consumer did: the variants whose stock it handled (the stock pass skips them) and the
    /// failures it met (reported with the stock pass's, after the product outcomes).
    struct Result: Sendable {
        var handled: Set<Int> = []
        var failures: [SyncRun.StockFailure] = []
    }

    let stream: AsyncStream<[Binding]>
    private let continuation: AsyncStream<[Binding]>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: [Binding].self)
    }

    /// Hands over variant bindings as they were just saved (other kinds are ignored).
    func add(_ bindings: [Binding]) {
        let variants = bindings.filter { $0.kind == .variant }
        if !variants.isEmpty { continuation.yield(variants) }
    }

    func close() { continuation.finish() }
}
