extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: Swift.max(size, 1)).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

/// Runs `body` over `items` with at most `limit` in flight, results in input order. Stops launching new work once the
/// task is cancelled (work already started finishes, so its bindings get recorded); results then cover started items only.
func forEachConcurrently<Item: Sendable, Result: Sendable>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async throws -> Result
) async throws -> [Result] {
    try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var results = [Result?](repeating: nil, count: items.count)
        var next = 0
        while next < Swift.min(Swift.max(limit, 1), items.count), !Task.isCancelled {
            let index = next
            group.addTask { (index, try await body(items[index])) }
            next += 1
        }
        while let (index, result) = try await group.next() {
            results[index] = result
            if next < items.count, !Task.isCancelled {
                let index = next
                group.addTask { (index, try await body(items[index])) }
                next += 1
            }
        }
        return results.compactMap { $0 }
    }
}

/// Errors that must end the run instead of becoming a product outcome: bad configuration fails every product alike,
/// and cancellation must unwind.
func mustAbortRun(_ error: any Error) -> Bool {
    error is CancellationError || failureClass(of: error) == .configuration
}
