/// A failure the engine itself detects (as opposed to one an adapter reports), classified like adapter errors.
public struct SyncFailure: ClassifiedError, Hashable {
    public var failureClass: FailureClass
    public var system: String
    public var message: String

    public init(_ message: String, failureClass: FailureClass = .permanent, system: String = "sync") {
        self.message = message; self.failureClass = failureClass; self.system = system
    }

    public var description: String { message }
}

extension ProductOutcome {
    /// A failed outcome carrying the error's class, system and message, so people see where it came from.
    static func failure(_ error: any Error, templateId: Int, title: String?, medusaProductId: String? = nil,
                        context: String? = nil) -> ProductOutcome {
        let classified = error as? any ClassifiedError
        let message = [context, String(describing: error)].compactMap { $0 }.joined(separator: ": ")
        return ProductOutcome(odooTemplateId: templateId, kind: .failed, medusaProductId: medusaProductId, title: title,
                              message: message, failureClass: SyncCore.failureClass(of: error), system: classified?.system ?? "sync")
    }
}
