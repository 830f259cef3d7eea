import Foundation
import Simulators

extension Bench {
    /// (g) the backlog: one orders run creates every order in Odoo (contacts found or created once per customer);
    /// (h) the next poll: one Medusa request, nothing written to Odoo — on newer Medusa, where the Odoo names were
    /// written back (which moves `updated_at`), the poll after that (i).
    func runOrders(base: PhaseSpec, tag: String, version: MedusaServerVersion, odoo: RunningOdooSimulator,
                   medusa: RunningMedusaSimulator, runner: PhaseRunner, checks: inout Checks) async throws -> [MeasuredPhase] {
        let backlog = OrdersBacklog(orders: orders)
        let placed = try backlog.place(in: medusa)
        var spec = base
        spec.mode = "orders"
        spec.productIds = nil
        spec.name = "g. orders backlog, \(placed) orders" + tag
        let sent = try await runner.run(spec)
        let saleOrders = odoo.saleOrders()
        let confirmed = saleOrders.filter { $0.state == "sale" }.count
        checks.expect("orders run creates \(placed) confirmed sale orders, each once" + tag,
                      sent.result.created == placed && sent.result.failed == 0 && saleOrders.count == placed
                          && confirmed == placed && Set(saleOrders.compactMap(\.origin)).count == placed,
                      "created \(sent.result.created), failed \(sent.result.failed), Odoo holds \(saleOrders.count) "
                          + "(\(confirmed) confirmed)")
        let parents = odoo.contacts().filter { $0.parentId == nil && ($0.email ?? "").hasSuffix("@example.com") }.count
        let customers = min(backlog.customers, placed)
        checks.expect("orders run creates one contact per customer (\(customers))" + tag, parents == customers,
                      "\(parents) top-level contacts")
        checks.expect("orders run makes ≤ 60 Odoo requests" + tag, sent.result.odoo.requests <= 60,
                      "\(sent.result.odoo.requests) Odoo requests")
        // Medusa 2.0 has no order update route; newer Medusa gets the Odoo name written back, one request per order.
        let medusaReads = sent.result.medusa.requests - sent.result.medusa.writes
        checks.expect("orders run reads Medusa with ≤ 20 requests" + tag, medusaReads <= 20, "\(medusaReads) Medusa reads")
        let expectedWrites = version == .v2_0 ? 0 : placed
        checks.expect("orders run writes the Odoo name to \(expectedWrites) Medusa orders" + tag,
                      sent.result.medusa.writes == expectedWrites, "\(sent.result.medusa.writes) Medusa writes")

        spec.name = "h. orders poll, nothing new" + tag
        let quiet = try await runner.run(spec)
        guard expectedWrites > 0 else {
            checks.expect("orders poll with nothing new: 1 Medusa request, no Odoo request" + tag,
                          quiet.result.medusa.requests == 1 && quiet.result.odoo.requests == 0 && quiet.result.created == 0,
                          "Medusa \(quiet.result.medusa.requests), Odoo \(quiet.result.odoo.requests), created \(quiet.result.created)")
            return [sent, quiet]
        }
        // Writing the Odoo names back moved those orders' `updated_at`: this poll reads them once more (no Odoo
        // request, nothing sent); the one after is a single request.
        let pages = expectedWrites / 100 + 1
        checks.expect("orders poll after the write-back: ≤ \(pages) Medusa requests, no Odoo request" + tag,
                      quiet.result.medusa.requests <= pages && quiet.result.odoo.requests == 0 && quiet.result.created == 0,
                      "Medusa \(quiet.result.medusa.requests), Odoo \(quiet.result.odoo.requests), created \(quiet.result.created)")
        spec.name = "i. orders poll again, nothing new" + tag
        let again = try await runner.run(spec)
        checks.expect("orders poll with nothing new: 1 Medusa request, no Odoo request" + tag,
                      again.result.medusa.requests == 1 && again.result.odoo.requests == 0 && again.result.created == 0,
                      "Medusa \(again.result.medusa.requests), Odoo \(again.result.odoo.requests), created \(again.result.created)")
        return [sent, quiet, again]
    }
}
