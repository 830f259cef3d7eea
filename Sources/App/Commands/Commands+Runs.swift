import Foundation
import RunStore

extension Commands {
    /// `runs`: the most recent runs from the database, one line each.
    public static func listRuns(limit: Int, environment: EnvironmentSource = .process()) async throws {
        let configuration = AppConfiguration.load(from: environment)
        let store: any RunStore
        do { store = try await ServiceBuilder(configuration: configuration).openStore() } catch {
            throw CommandFailure(exitCode: 74, message: "\(error)")
        }
        let runs = try await store.listRuns(limit: max(1, min(limit, 1000)))
        if runs.isEmpty { print("no runs recorded in \(store.description)") }
        let formatter = ISO8601DateFormatter()
        for run in runs {
            let c = run.counts
            print("\(run.id)\t\(formatter.string(from: run.createdAt))\t\(run.trigger.rawValue)\t\(run.request.mode.rawValue)\(run.request.dryRun ? " (dry run)" : "")\t\(run.status.rawValue)\tcreated \(c.created) updated \(c.updated) unchanged \(c.unchanged) archived \(c.archived) failed \(c.failed)")
        }
    }
}
