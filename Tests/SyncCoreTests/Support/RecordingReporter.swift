@testable import SyncCore

/// Keeps everything the engine reports. `onOutcomes` runs inside the engine's task (to cancel it at a known point).
actor RecordingReporter: RunReporter {
    private(set) var progressEvents: [RunProgress] = []
    private(set) var outcomes: [ProductOutcome] = []
    private(set) var batches = 0
    private let onOutcomes: (@Sendable (Int) -> Void)?

    init(onOutcomes: (@Sendable (Int) -> Void)? = nil) { self.onOutcomes = onOutcomes }

    func progress(_ progress: RunProgress) { progressEvents.append(progress) }

    func outcomes(_ outcomes: [ProductOutcome]) {
        self.outcomes += outcomes
        batches += 1
        onOutcomes?(batches)
    }

    func outcome(for templateId: Int) -> ProductOutcome? { outcomes.last { $0.odooTemplateId == templateId } }
    var phases: [String] { progressEvents.map(\.phase) }
}
