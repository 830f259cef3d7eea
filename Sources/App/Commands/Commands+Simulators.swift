import Simulators

/// What `simulators` (a tool for the black-box reliability suite) is started with.
public typealias SimulatorsOptions = SimulatorsProcess.Options
/// Which Medusa the simulated shop behaves as (`2.0`, `current`).
public typealias SimulatedMedusaVersion = MedusaServerVersion

extension Commands {
    /// `simulators`: both simulators in this process until SIGTERM, SIGINT, `quit` or the end of standard input.
    public static func simulators(_ options: SimulatorsOptions) async throws {
        try await SimulatorsProcess.run(options)
    }
}
