import Foundation

extension Report {
    /// Floor of an orders run: every Odoo request and every Medusa read one after the other (the run pages orders,
    /// reads customers, then plans and writes batch after batch), the Medusa write-backs 8 at a time (newer Medusa).
    func ordersFloorSeconds(_ phase: MeasuredPhase) -> Double {
        let latency = Double(latencyMs) / 1000
        let medusaReads = phase.result.medusa.requests - phase.result.medusa.writes
        return latency * (Double(phase.result.odoo.requests + medusaReads) + Double(phase.result.medusa.writes) / 8)
    }

    /// The orders targets of one Medusa version's phases (g, h).
    func ordersTargets(_ own: [MeasuredPhase], tag: String, line: (Bool?, String) -> Void) {
        if let backlog = own.first(where: { $0.spec.name.hasPrefix("g.") }) {
            let floor = ordersFloorSeconds(backlog)
            let medusaReads = backlog.result.medusa.requests - backlog.result.medusa.writes
            line(backlog.result.odoo.requests <= 60, "orders backlog: ≤ 60 Odoo requests (\(backlog.result.odoo.requests))" + tag)
            line(medusaReads <= 20, "orders backlog: ≤ 20 Medusa reads (\(medusaReads); "
                 + "\(backlog.result.medusa.writes) Odoo names written back)" + tag)
            line(latencyMs > 0 ? wall(backlog) <= 1.25 * floor : nil,
                 String(format: "orders backlog ≤ 1.25 × floor: %.2f s vs floor %.2f s (%.2f×)", wall(backlog), floor,
                        wall(backlog) / max(floor, 1e-9)) + tag)
        }
        if let quiet = own.first(where: { $0.spec.name.hasPrefix("i.") }) ?? own.first(where: { $0.spec.name.hasPrefix("h.") }) {
            line(quiet.result.medusa.requests == 1 && quiet.result.odoo.requests == 0,
                 "orders poll, nothing new: 1 Medusa request (\(quiet.result.medusa.requests)), "
                     + "0 Odoo requests (\(quiet.result.odoo.requests))" + tag)
        }
    }
}
