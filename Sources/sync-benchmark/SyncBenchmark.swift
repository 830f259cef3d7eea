import App
import ArgumentParser
import Foundation
import Logging
import Simulators
import SyncCore

@main
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync-benchmark",
        abstract: "Full, no-change and incremental syncs against latency-injected simulators, next to the old module's algorithm.",
        subcommands: [Bench.self, PhaseChild.self],
        defaultSubcommand: Bench.self)
}

/// Runs one phase in this (child) process and prints its result as one JSON line: how the parent measures a phase's
/// memory apart from the simulators it hosts.
struct PhaseChild: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "phase", abstract: "Internal: run one phase.",
                                                    shouldDisplay: false)

    @Option(help: "The phase as JSON.") var spec: String

    func run() async throws {
        let spec = try JSONDecoder().decode(PhaseSpec.self, from: Data(spec.utf8))
        let result = switch spec.kind {
        case .ours: try await OursPhase.run(spec)
        case .baseline: try await BaselinePhase.run(spec)
        }
        let line = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        print(PhaseRunner.resultPrefix + line)
    }
}

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs the benchmark and prints one table (the default command).")

    @Option(help: "Generated product templates.") var templates = 10_000
    @Option(help: "Variants per template (3 → one attribute with 3 values).") var variantsPerTemplate = 3
    @Option(help: "Round-trip latency added to every request, per side (ms).") var latencyMs = 20
    @Option(help: "Engine concurrency (per-product Medusa calls and stock reads in flight).") var concurrency = SyncConfiguration().concurrency
    @Option(help: "Stock-level writes in flight.") var stockConcurrency = SyncConfiguration().stockConcurrency
    @Option(help: "HTTP connections per host (default: the service's transport, 24 per host).")
    var connections: Int?
    @Option(help: "Templates per Odoo page and Medusa batch (the engine's ODOO_PAGE_SIZE).") var pageSize = SyncConfiguration().pageSize
    @Option(help: "Mode of the first run: incremental (what the schedule and 'Sync now' start) or full.")
    var initialMode = "incremental"
    @Option(help: "Templates the baseline syncs (0 = all); its numbers are extrapolated linearly to --templates.")
    var baselineTemplates = 1_000
    @Option(help: "Share of templates changed before the incremental run (percent).") var changedPercent = 1.0
    @Flag(help: "Do not run the baseline.") var skipBaseline = false
    @Flag(help: "Exit non-zero when a machine-independent count check fails.") var check = false
    @Option(help: "Requests a no-change run may make in all (the issue's target).")
    var maxNoChangeRequests = 5
    @Flag(help: "Run the phases in this process (peak RSS then includes the simulators) instead of a child process each.")
    var inProcess = false
    @Flag(help: "Turn the stock pass off (as the baseline does).") var noStock = false
    @Option(help: "Write the phase results as JSON to this file.") var json: String?
    @Option(help: "The Medusa the simulated shop behaves as: 2.0, current, or both (one sequence each).")
    var medusaVersion = "both"
    @Option(help: "Shop orders in the orders backlog phase (3 lines each, 200 distinct customers).") var orders = 1_000
    @Flag(help: "Do not run the orders phases (g, h).") var skipOrders = false
    @Option(help: "Also run the catalogue phases (a–c, e, f; newer Medusa) with the run store on this PostgreSQL, in a schema of their own dropped at the end, and print the difference to SQLite.")
    var databaseURL: String?

    func validate() throws {
        guard templates > 0, variantsPerTemplate > 0, latencyMs >= 0, concurrency > 0, stockConcurrency > 0, pageSize > 0 else {
            throw ValidationError("sizes must be positive and latency non-negative")
        }
        guard ["incremental", "full"].contains(initialMode) else { throw ValidationError("--initial-mode: incremental or full") }
        guard (0...100).contains(changedPercent) else { throw ValidationError("--changed-percent: 0…100") }
        guard medusaVersion == "both" || MedusaServerVersion(rawValue: medusaVersion) != nil else {
            throw ValidationError("--medusa-version: 2.0, current or both")
        }
    }

    func run() async throws {
        let machine = Machine.describe()
        emit(machine.text)
        let versions: [MedusaServerVersion] = medusaVersion == "both" ? [.current, .v2_0]
            : [MedusaServerVersion(rawValue: medusaVersion) ?? .current]
        var measured: [MeasuredPhase] = []
        var checks = Checks()
        var baseline: MeasuredPhase?
        var changedCount = 0
        for (index, version) in versions.enumerated() {
            let sequence = try await runSequence(version: version, withBaseline: !skipBaseline && index == versions.count - 1,
                                                 checks: &checks)
            measured += sequence.phases
            baseline = sequence.baseline ?? baseline
            changedCount = sequence.changed
        }
        var storeComparison: [(sqlite: MeasuredPhase, postgres: MeasuredPhase)] = []
        if let databaseURL, let version = versions.first {
            let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
            let sequence = try await runSequence(version: version, withBaseline: false, checks: &checks,
                                                 postgres: (databaseURL, String(schema)))
            var logger = Logger(label: "sync-benchmark")
            logger.logLevel = .error
            try? await Adapters.dropPostgresSchema(databaseURL: databaseURL, schema: String(schema), logger: logger)
            for phase in sequence.phases {
                let letter = phase.spec.name.prefix(2)
                if let twin = measured.first(where: { $0.spec.name.hasPrefix(letter) && $0.spec.medusaVersion == version.rawValue }) {
                    storeComparison.append((twin, phase))
                }
            }
            measured += sequence.phases
        }

        let report = Report(templates: templates, variants: templates * variantsPerTemplate, latencyMs: latencyMs,
                            concurrency: concurrency, stockConcurrency: stockConcurrency, connections: connections, pageSize: pageSize,
                            changed: changedCount, phases: measured, baseline: baseline)
        emit(report.render())
        if !storeComparison.isEmpty { emit(Report.storeComparison(storeComparison)) }
        emit(report.targets())
        emit(checks.render())
        if let json {
            let data = try JSONEncoder().encode(measured.map(\.result))
            try data.write(to: URL(fileURLWithPath: json))
        }
        if check, !checks.allPassed { throw ExitCode(1) }
    }

    /// Phases a–c and e against a fresh pair of simulators, the Medusa one behaving as `version`; the baseline (d)
    /// after them when asked.
    private func runSequence(version: MedusaServerVersion, withBaseline: Bool, checks: inout Checks,
                             postgres: (url: String, schema: String)? = nil) async throws
        -> (phases: [MeasuredPhase], baseline: MeasuredPhase?, changed: Int)
    {
        let tag = postgres == nil ? " [Medusa \(version.rawValue)]" : " [Medusa \(version.rawValue), PostgreSQL]"
        emit("\nGenerating \(templates) templates × \(variantsPerTemplate) variants; Medusa \(version.rawValue) …")
        let seed = OdooCatalogueSeed.generated(GeneratedCatalogueOptions(templates: templates, variantsPerTemplate: variantsPerTemplate))
        let odoo = try await OdooSimulator.start(seed: seed)
        let medusa = try await MedusaSimulator.start(configuration: MedusaSimulatorConfiguration(version: version))
        let latency = Duration.milliseconds(latencyMs)
        odoo.faults.update { $0.latency = latency }
        medusa.faults.update { $0.latency = latency }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sync-benchmark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        var base = PhaseSpec(
            kind: .ours, name: "", odooURL: odoo.baseURL, odooDatabase: odoo.database, odooLogin: odoo.adminLogin,
            odooAPIKey: odoo.adminAPIKey, medusaURL: medusa.baseURL, medusaAPIKey: medusa.configuration.secretAPIKey,
            databasePath: directory.appendingPathComponent("sync.sqlite").path, mode: "incremental", pageSize: pageSize,
            concurrency: concurrency, stockConcurrency: stockConcurrency, connections: connections, syncStock: !noStock,
            syncImages: true, baselineLimit: nil, baselinePageSize: 10)
        base.medusaVersion = version.rawValue
        base.databaseURL = postgres?.url
        base.databaseSchema = postgres?.schema
        let runner = PhaseRunner(inProcess: inProcess, odoo: odoo, medusa: medusa)
        emit("Simulators: Odoo \(odoo.serverVersion) at \(odoo.baseURL), Medusa \(version.rawValue) at \(medusa.baseURL); "
             + "latency \(latencyMs) ms per request on each side")
        emit("Sim process RSS after seeding: \(Report.mb(ProcessProbe.currentRSS() ?? 0)) MB\n")
        var measured: [MeasuredPhase] = []

        // (a) initial sync into an empty Medusa.
        var spec = base
        spec.name = "a. initial sync (\(initialMode))" + tag
        spec.mode = initialMode
        let initial = try await runner.run(spec)
        measured.append(initial)
        let shopProducts = medusa.snapshot().products.count
        checks.expect("initial run creates exactly \(templates) products" + tag,
                      initial.result.created == templates && shopProducts == templates && initial.result.failed == 0,
                      "created \(initial.result.created), Medusa holds \(shopProducts), failed \(initial.result.failed)")

        // (b) nothing changed.
        spec.name = "b. no-change run" + tag
        spec.mode = "incremental"
        let unchanged = try await runner.run(spec)
        measured.append(unchanged)
        checks.expect("no-change run makes 0 Medusa writes" + tag, unchanged.result.medusa.writes == 0,
                      "\(unchanged.result.medusa.writes) Medusa writes")
        let total = unchanged.result.odoo.requests + unchanged.result.medusa.requests
        checks.expect("no-change run makes ≤ \(maxNoChangeRequests) requests in all" + tag, total <= maxNoChangeRequests,
                      "\(total) requests (Odoo \(unchanged.result.odoo.requests), Medusa \(unchanged.result.medusa.requests))")

        // (c) 1 % of the templates changed (list price: the template's and its variants' write_date move).
        let changeCount = max(1, Int((Double(templates) * changedPercent / 100).rounded()))
        let step = max(1, templates / changeCount)
        let changed = (0..<changeCount).map { $0 * step + 1 }.filter { $0 <= templates }
        for id in changed { try await odoo.setListPrice(templateId: id, to: Decimal(1_000 + id)) }
        // As many stock adjustments, each on the first variant of the template after a changed one (generated variant
        // ids run template by template): no product write_date moves, only the quants' (the stock stream).
        let adjusted = noStock ? [] : changed.map { $0 * variantsPerTemplate + 1 }.filter { $0 <= templates * variantsPerTemplate }
        for variant in adjusted { try await odoo.setStock(variantId: variant, locationId: 5, quantity: 900) }
        let levelsBefore = medusa.requestCounts.stockLevelsWritten
        spec.name = "c. incremental, \(changed.count) changed" + tag
        let incremental = try await runner.run(spec)
        measured.append(incremental)
        let levelWrites = medusa.requestCounts.stockLevelsWritten - levelsBefore
        checks.expect("incremental run writes exactly the \(adjusted.count) adjusted stock levels" + tag, levelWrites == adjusted.count,
                      "\(levelWrites) stock levels written")
        let written = Set(incremental.result.writtenTemplateIds)
        checks.expect("incremental run writes only the \(changed.count) changed products" + tag,
                      written == Set(changed) && incremental.result.created == 0 && incremental.result.failed == 0,
                      "wrote \(written.count) products (\(written.subtracting(changed).count) unchanged ones among them, "
                          + "\(Set(changed).subtracting(written).count) changed ones missing), created \(incremental.result.created), "
                          + "failed \(incremental.result.failed)")

        // (e) one product created in Odoo, synced by a targeted run (what an automation webhook starts).
        let created = try await odoo.createProduct(OdooNewProduct(
            name: "Benchmark New Product", listPrice: 42, attributeName: "Size",
            attributeValues: [("S", 0), ("M", 0), ("L", 1)]))
        spec.name = "e. one new product, targeted run" + tag
        spec.mode = "targeted"
        spec.productIds = [created.templateId]
        let targeted = try await runner.run(spec)
        measured.append(targeted)
        checks.expect("targeted run creates the new product with ≤ 10 Medusa requests" + tag,
                      targeted.result.created == 1 && targeted.result.medusa.requests <= 10,
                      "created \(targeted.result.created), \(targeted.result.medusa.requests) Medusa requests")

        // (f) a full run with nothing changed: the reconcile reads what Medusa holds and writes nothing.
        spec.name = "f. full run, nothing changed" + tag
        spec.mode = "full"
        spec.productIds = nil
        let reconcile = try await runner.run(spec)
        measured.append(reconcile)
        checks.expect("full run of an unchanged catalogue makes 0 Medusa writes" + tag, reconcile.result.medusa.writes == 0,
                      "\(reconcile.result.medusa.writes) Medusa writes")
        let readBudget = (templates + 1 + 99) / 100 + 5
        checks.expect("full run of an unchanged catalogue reads Medusa ≤ 1 per 100 products + 5" + tag,
                      reconcile.result.medusa.requests <= readBudget,
                      "\(reconcile.result.medusa.requests) Medusa requests (budget \(readBudget))")

        // (g, h) a backlog of shop orders into Odoo, then a poll that finds nothing new.
        if !skipOrders, postgres == nil {
            measured += try await runOrders(base: base, tag: tag, version: version, odoo: odoo, medusa: medusa,
                                            runner: runner, checks: &checks)
        }

        // (d) the old module's algorithm into an empty Medusa.
        var baseline: MeasuredPhase?
        if withBaseline {
            medusa.reset()
            var baselineSpec = base
            baselineSpec.kind = .baseline
            let sample = baselineTemplates <= 0 ? templates : min(baselineTemplates, templates)
            baselineSpec.baselineLimit = sample
            baselineSpec.name = sample == templates ? "d. baseline (old module)"
                : "d. baseline (old module), \(sample) run, ×\(Report.factor(Double(templates) / Double(sample)))"
            emit("Running the baseline on \(sample) templates …")
            var phase = try await runner.run(baselineSpec)
            phase.extrapolation = Double(templates) / Double(max(1, phase.result.templatesCovered))
            baseline = phase
            measured.append(phase)
        }

        await odoo.stop()
        await medusa.stop()
        return (measured, baseline, changed.count)
    }
}

/// A phase's result as the phase process measured it, plus the simulators' view of the same phase.
struct MeasuredPhase: Sendable {
    var spec: PhaseSpec
    var result: PhaseResult
    /// `"<model>/<method>"` → requests, as the Odoo simulator counted them.
    var odooCalls: [String: Int]
    /// `"<METHOD> <route>"` → requests, as the Medusa simulator counted them.
    var medusaRoutes: [String: Int]
    /// CPU the simulators (this process) used during the phase; nil when the phase ran in this process too.
    var simulatorCPUSeconds: Double?
    /// Baseline on a sample: multiply counts and time by this.
    var extrapolation = 1.0
}

/// Runs a phase in a child process (default) or in this one, and collects the simulators' counters around it.
struct PhaseRunner {
    static let resultPrefix = "PHASE-RESULT "
    let inProcess: Bool
    let odoo: RunningOdooSimulator
    let medusa: RunningMedusaSimulator

    func run(_ spec: PhaseSpec) async throws -> MeasuredPhase {
        emit("Running \(spec.name) … (load average \(Machine.loadAverage))")
        let odooBefore = odoo.requestCounts
        let medusaBefore = medusa.requestCounts.byRoute.mapValues(\.requests)
        let cpuBefore = ProcessProbe.cpuSeconds()
        let result: PhaseResult
        if inProcess {
            result = switch spec.kind {
            case .ours: try await OursPhase.run(spec)
            case .baseline: try await BaselinePhase.run(spec)
            }
        } else {
            result = try await child(spec)
        }
        let cpuAfter = ProcessProbe.cpuSeconds()
        let odooAfter = odoo.requestCounts
        let medusaAfter = medusa.requestCounts.byRoute.mapValues(\.requests)
        var odooCalls: [String: Int] = [:]
        for (key, value) in odooAfter where value != odooBefore[key, default: 0] { odooCalls[key] = value - odooBefore[key, default: 0] }
        var medusaRoutes: [String: Int] = [:]
        for (key, value) in medusaAfter where value != medusaBefore[key, default: 0] {
            medusaRoutes[key] = value - medusaBefore[key, default: 0]
        }
        if let error = result.error { emit("  run error: \(error)") }
        for failure in result.failureSamples { emit("  \(failure)") }
        emit(String(format: "  done in %.2f s", result.wallSeconds))
        return MeasuredPhase(spec: spec, result: result, odooCalls: odooCalls, medusaRoutes: medusaRoutes,
                             simulatorCPUSeconds: inProcess ? nil : cpuAfter.user + cpuAfter.system - cpuBefore.user - cpuBefore.system)
    }

    private func child(_ spec: PhaseSpec) async throws -> PhaseResult {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["phase", "--spec", String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = try await Task.detached { try output.fileHandleForReading.readToEnd() ?? Data() }.value
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = text.split(separator: "\n").last(where: { $0.hasPrefix(Self.resultPrefix) }) else {
            throw BaselineError("phase \(spec.name) exited with \(process.terminationStatus): \(text.suffix(2000))")
        }
        return try JSONDecoder().decode(PhaseResult.self, from: Data(line.dropFirst(Self.resultPrefix.count).utf8))
    }
}

struct Checks {
    private var entries: [(name: String, passed: Bool, detail: String)] = []

    mutating func expect(_ name: String, _ passed: Bool, _ detail: String) { entries.append((name, passed, detail)) }

    var allPassed: Bool { entries.allSatisfy(\.passed) }

    func render() -> String {
        var lines = ["Checks (machine-independent counts):"]
        for entry in entries {
            lines.append("  \(entry.passed ? "PASS" : "FAIL")  \(entry.name)" + (entry.passed ? "" : " — \(entry.detail)"))
        }
        return lines.joined(separator: "\n")
    }
}

/// nproc, memory, CPU model: printed with every table so numbers are never quoted without their machine.
enum Machine {
    /// `/proc/loadavg`'s 1, 5 and 15 minute averages: other work on the machine skews timings.
    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func describe() -> (text: String, cpu: String) {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" } ?? "unknown"
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        let text = "Machine: \(ProcessInfo.processInfo.activeProcessorCount) cores (\(model)), "
            + String(format: "%.1f GiB RAM, ", memory) + ProcessInfo.processInfo.operatingSystemVersionString
        return (text, model)
    }
}

/// Prints a line and flushes, so progress shows when the output goes to a file or a pipe.
func emit(_ text: String) {
    print(text)
    fflush(nil)
}

extension MedusaRequestCounts {
    /// Stock levels created or updated: one per request on the per-level routes, each entry of a levels batch.
    var stockLevelsWritten: Int { levelsWritten }
}
