import Foundation

/// The table, the floors and the targets.
///
/// Floor of a phase: the requests it made, each costing exactly the injected latency L, at the concurrency the plan
/// allows: `L × (Odoo requests + sequential Medusa requests + parallel Medusa requests ÷ C)`.
/// - Odoo: every request at concurrency 1 (the engine reads a page, then the next; the few reads it issues together —
///   setup, a page's variants/lines/values — are counted one by one, which makes the floor slightly pessimistic).
/// - Medusa, sequential (concurrency 1): store, product listing (adoption scan), categories, uploads.
/// - Medusa, parallel at the engine's concurrency C: `/admin/products/batch` (a page's batches of 100), per-product
///   calls (product reads and updates, variant/option calls); stock-level writes at the stock concurrency S.
/// - C and S are capped by the HTTP connections per host (24 in the service's transport): more cannot be in flight.
/// - Odoo and Medusa are added, not overlapped (the engine writes a page before it reads the next).
/// - Baseline: everything at concurrency 1 (the module is sequential).
struct Report {
    let templates: Int
    let variants: Int
    let latencyMs: Int
    let concurrency: Int
    let stockConcurrency: Int
    let connections: Int?
    let pageSize: Int
    let changed: Int
    let phases: [MeasuredPhase]
    let baseline: MeasuredPhase?

    /// Connections per host of the service's transport (`AsyncHTTPClientTransport.forAPICalls()`).
    static let servicePool = 24

    static let sequentialMedusaRoutes: [String] = [
        "GET /admin/stores", "GET /admin/products", "GET /admin/sales-channels", "GET /admin/stock-locations",
        "POST /admin/uploads", "GET /admin/plugins",
        // The orders run pages orders and reads customers one request after the other.
        "GET /admin/orders", "GET /admin/customers",
        // The levels batch (Medusa 2.3+): a chunk's levels in one request, one chunk after the other.
        "POST /admin/inventory-items/location-levels/batch",
    ]

    static func isSequential(_ route: String) -> Bool {
        sequentialMedusaRoutes.contains(route) || route.contains("/admin/product-categories") || route.hasSuffix("(no such route)")
    }

    func floorSeconds(_ phase: MeasuredPhase) -> Double {
        if phase.spec.mode == "orders" { return ordersFloorSeconds(phase) }
        let latency = Double(latencyMs) / 1000
        if phase.spec.kind == .baseline {
            return latency * Double(phase.result.odoo.requests + phase.result.medusa.requests) * phase.extrapolation
        }
        let sequential = phase.medusaRoutes.filter { Self.isSequential($0.key) }.values.reduce(0, +)
        let stock = phase.medusaRoutes.filter { $0.key.contains("/location-levels") && !Self.isSequential($0.key) }
            .values.reduce(0, +)
        let parallel = phase.medusaRoutes.filter { !Self.isSequential($0.key) }.values.reduce(0, +) - stock
        let pool = connections ?? Self.servicePool
        return latency * (Double(phase.result.odoo.requests) + Double(sequential)
            + Double(parallel) / Double(min(concurrency, pool)) + Double(stock) / Double(min(stockConcurrency, pool)))
    }

    func wall(_ phase: MeasuredPhase) -> Double { phase.result.wallSeconds * phase.extrapolation }

    /// Products the rate is per: the whole catalogue, except the incremental run (the changed products).
    func productCount(_ phase: MeasuredPhase) -> Int {
        if phase.spec.kind == .baseline { return templates }
        if phase.spec.name.hasPrefix("e.") { return 1 }
        if phase.spec.mode == "orders" { return max(1, phase.result.created + phase.result.updated) }
        return phase.spec.name.hasPrefix("c.") ? changed : templates
    }

    func render() -> String {
        var lines: [String] = []
        lines.append("")
        lines.append("Catalogue \(templates) templates / \(variants) variants, 2 currencies, stock; latency \(latencyMs) ms per request "
                     + "per side; page size \(pageSize); concurrency \(concurrency), stock writes \(stockConcurrency); HTTP connections "
                     + "per host \(connections.map(String.init) ?? "24 (the service's transport)")")
        lines.append("")
        let header = ["phase", "wall s", "Odoo req", "Medusa req (writes)", "MB sent/recv", "products/s", "peak RSS MB",
                      "floor s", "ours/floor", "ours/baseline"]
        var rows: [[String]] = []
        for phase in phases {
            let factor = phase.extrapolation
            let odoo = phase.result.odoo.scaled(by: factor)
            let medusa = phase.result.medusa.scaled(by: factor)
            let wall = wall(phase)
            let floor = floorSeconds(phase)
            let megabytesSent = Double(odoo.requestBytes + medusa.requestBytes) / 1_000_000
            let megabytesReceived = Double(odoo.responseBytes + medusa.responseBytes) / 1_000_000
            var versusBaseline = "–"
            if phase.spec.kind == .ours, let baseline, phase.spec.name.hasPrefix("a.") {
                let ratio = wall / self.wall(baseline)
                versusBaseline = String(format: "%.3f", ratio) + " (\(Self.factor(1 / ratio))× faster)"
            }
            rows.append([
                phase.spec.name,
                Self.seconds(wall),
                "\(odoo.requests)",
                "\(medusa.requests) (\(medusa.writes))",
                String(format: "%.1f / %.1f", megabytesSent, megabytesReceived),
                wall > 0 ? String(format: "%.0f", Double(productCount(phase)) / wall) : "–",
                String(format: "%.0f", Double(phase.result.peakRSSBytes) / 1_048_576),
                latencyMs > 0 ? Self.seconds(floor) : "–",
                latencyMs > 0 && floor > 0 && phase.spec.kind == .ours ? String(format: "%.2f", wall / floor) : "–",
                versusBaseline,
            ])
        }
        lines.append(Self.table(header: header, rows: rows))
        if let baseline, baseline.extrapolation != 1 {
            lines.append("Baseline ran \(baseline.result.templatesCovered) templates in "
                         + String(format: "%.1f", baseline.result.wallSeconds)
                         + " s and is extrapolated ×\(Self.factor(baseline.extrapolation)) to \(templates) (time, requests, bytes; not RSS).")
        }
        if let baseline {
            let pages = Double(templates) / Double(max(1, baseline.spec.baselinePageSize))
            let saving = pages * 2 * Double(latencyMs) / 1000
            lines.append(String(format: "Baseline reads each page of 10 with search + 3 reads; the recipe's nested web_read would need 2 calls fewer "
                                + "per page (%.0f fewer Odoo requests, ≈ %.0f s at this latency): ", pages * 2, saving)
                         + "ours against that baseline = \(oursVersus(baselineSeconds: wall(baseline) - saving)).")
        }
        lines.append("")
        lines.append("Profile (requests by call; avg in flight = summed request time ÷ wall time; CPU = the phase process's user+sys):")
        for phase in phases {
            let result = phase.result
            lines.append("  \(phase.spec.name): "
                         + String(format: "Odoo avg in flight %.2f, Medusa avg in flight %.2f, Medusa 404s %d, other errors %d, CPU %.1f s, ",
                                  result.wallSeconds > 0 ? result.odoo.busySeconds / result.wallSeconds : 0,
                                  result.wallSeconds > 0 ? result.medusa.busySeconds / result.wallSeconds : 0,
                                  result.medusa.notFound, result.medusa.errors + result.odoo.errors,
                                  result.cpuUserSeconds + result.cpuSystemSeconds)
                         + (phase.simulatorCPUSeconds.map { String(format: "simulators' CPU %.1f s, ", $0) } ?? "")
                         + "RSS at start \(Self.mb(result.startRSSBytes)) MB (peak by \(result.memoryMethod))")
            if !result.engineSteps.isEmpty { lines.append("    steps:  " + result.engineSteps.joined(separator: ", ")) }
            lines.append("    Odoo:   " + Self.top(phase.odooCalls))
            lines.append("    Medusa: " + Self.top(phase.medusaRoutes))
        }
        return lines.joined(separator: "\n")
    }

    private func oursVersus(baselineSeconds: Double) -> String {
        guard let initial = phases.first(where: { $0.spec.name.hasPrefix("a.") }), baselineSeconds > 0 else { return "–" }
        return Self.factor(baselineSeconds / wall(initial)) + "× faster"
    }

    func targets() -> String {
        var lines = ["", "Targets:"]
        func line(_ met: Bool?, _ text: String) {
            lines.append("  \(met.map { $0 ? "MET   " : "MISSED" } ?? "n/a   ")  \(text)")
        }
        let versions = phases.filter { $0.spec.kind == .ours }.map(\.spec.medusaVersion)
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for version in versions {
            let tag = " [Medusa \(version)]"
            let own = phases.filter { $0.spec.kind == .ours && $0.spec.medusaVersion == version }
            if let initial = own.first(where: { $0.spec.name.hasPrefix("a.") }) {
                let floor = floorSeconds(initial)
                if latencyMs > 0 {
                    line(wall(initial) <= 1.25 * floor, String(format: "initial sync ≤ 1.25 × floor: %.2f s vs floor %.2f s (%.2f×)",
                                                             wall(initial), floor, wall(initial) / max(floor, 1e-9)) + tag)
                } else {
                    line(nil, "initial sync ≤ 1.25 × floor (no latency: no floor)" + tag)
                }
                if version == "current" {
                    line(latencyMs == 20 ? wall(initial) <= 10 : nil,
                         String(format: "initial sync ≤ 10 s at 20 ms per request: %.2f s", wall(initial))
                             + (latencyMs == 20 ? "" : " (latency is not 20 ms: not meaningful)") + tag)
                    line(initial.result.medusa.requests <= 500,
                         "initial sync ≤ 500 Medusa requests: \(initial.result.medusa.requests)" + tag)
                }
                if let baseline {
                    let speedUp = wall(baseline) / wall(initial)
                    let text = String(format: "initial sync ≥ 10× faster than the baseline: %.1f×", speedUp)
                        + String(format: " (%.1f× against the baseline's floor of %.0f s)", floorSeconds(baseline) / wall(initial),
                                 floorSeconds(baseline))
                    line(latencyMs > 0 ? speedUp >= 10 : nil,
                         (latencyMs > 0 ? text : "initial sync ≥ 10× faster than the baseline (no latency: not meaningful)") + tag)
                }
                line(initial.result.peakRSSBytes <= 150 << 20,
                     "peak RSS ≤ 150 MB during the initial sync: \(Self.mb(initial.result.peakRSSBytes)) MB" + tag)
            }
            if let unchanged = own.first(where: { $0.spec.name.hasPrefix("b.") }) {
                let total = unchanged.result.odoo.requests + unchanged.result.medusa.requests
                line(unchanged.result.medusa.writes == 0, "no-change run: 0 Medusa writes (\(unchanged.result.medusa.writes))" + tag)
                line(total <= 5, "no-change run: ≤ 5 requests in all (\(total))" + tag)
                line(latencyMs > 0 ? unchanged.result.wallSeconds <= 0.2 : nil,
                     String(format: "no-change run: ≤ 200 ms (%.0f ms", unchanged.result.wallSeconds * 1000)
                         + (latencyMs > 0 ? ")" : "; no latency: not meaningful)") + tag)
            }
            if let full = own.first(where: { $0.spec.name.hasPrefix("f.") }) {
                line(full.result.medusa.writes == 0,
                     "full run, nothing changed: 0 Medusa writes (\(full.result.medusa.writes)), "
                         + "\(full.result.medusa.requests) Medusa reads, " + String(format: "%.2f s", full.result.wallSeconds) + tag)
            }
            ordersTargets(own, tag: tag, line: line)
            if let targeted = own.first(where: { $0.spec.name.hasPrefix("e.") }) {
                line(targeted.result.medusa.requests <= 10,
                     "one new product, targeted run: ≤ 10 Medusa requests (\(targeted.result.medusa.requests))" + tag)
                line(latencyMs > 0 ? targeted.result.wallSeconds <= 0.5 : nil,
                     String(format: "one new product, targeted run: ≤ 0.5 s (%.2f s", targeted.result.wallSeconds)
                         + (latencyMs > 0 ? ")" : "; no latency: not meaningful)") + tag)
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: formatting

    static func mb(_ bytes: Int) -> String { String(format: "%.0f", Double(bytes) / 1_048_576) }

    static func seconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.3f", value) : String(format: "%.1f", value)
    }

    static func factor(_ value: Double) -> String {
        value >= 10 ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    static func top(_ counts: [String: Int], limit: Int = 8) -> String {
        guard !counts.isEmpty else { return "none" }
        let sorted = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        var parts = sorted.prefix(limit).map { "\($0.key) \($0.value)" }
        if sorted.count > limit { parts.append("… \(sorted.dropFirst(limit).map(\.value).reduce(0, +)) more") }
        return parts.joined(separator: ", ")
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var widths = header.map(\.count)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func format(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.enumerated().map { index, width in
            index == 0 ? String(repeating: "-", count: width + 2) : String(repeating: "-", count: width + 1) + ":"
        }.joined(separator: "|") + "|"
        return ([format(header), rule] + rows.map(format)).joined(separator: "\n")
    }
}

extension Report {
    /// The catalogue phases on SQLite and on PostgreSQL side by side (same simulators' kind, same sizes).
    static func storeComparison(_ pairs: [(sqlite: MeasuredPhase, postgres: MeasuredPhase)]) -> String {
        var lines = ["", "Run store: SQLite vs PostgreSQL (same phases, same catalogue; wall seconds)", "",
                     "| phase | SQLite s | PostgreSQL s | difference |", "|---|---:|---:|---:|"]
        for (sqlite, postgres) in pairs {
            let a = sqlite.result.wallSeconds, b = postgres.result.wallSeconds
            let name = String(sqlite.spec.name.split(separator: "[").first ?? "").trimmingCharacters(in: .whitespaces)
            lines.append(String(format: "| %@ | %.3f | %.3f | %+.3f s (%+.0f %%) |", name, a, b, b - a, (b - a) / max(a, 1e-9) * 100))
        }
        return lines.joined(separator: "\n")
    }
}
