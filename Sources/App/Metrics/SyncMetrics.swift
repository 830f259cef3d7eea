import Foundation
import HTTPTransport
import Prometheus
import SyncCore

/// The service's Prometheus series. One registry per service instance (tests make their own), exposed at `/metrics`.
public final class SyncMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let queueDepth: Gauge
    private let lastSuccess: Gauge

    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        queueDepth = registry.makeGauge(descriptor: .init(
            namespace: "sync", metricName: "queue", unitName: "depth", helpText: "Queued runs plus the running one."))
        lastSuccess = registry.makeGauge(descriptor: .init(
            namespace: "sync", metricName: "last_success", unitName: "timestamp_seconds",
            helpText: "Unix time the last successful (non-dry) run finished."))
    }

    /// Counts a finished run and its products by outcome.
    public func recordRun(trigger: RunTrigger, status: RunStatus, dryRun: Bool, counts: RunCounts, finishedAt: Date) {
        registry.makeCounter(
            descriptor: .init(namespace: "sync", metricName: "runs", unitName: "total", helpText: "Finished runs by trigger and status."),
            labels: [("trigger", trigger.rawValue), ("status", status.rawValue)]
        ).increment()
        let outcomes: [(ProductOutcome.Kind, Int)] = [
            (.created, counts.created), (.updated, counts.updated), (.unchanged, counts.unchanged),
            (.archived, counts.archived), (.deleted, counts.deleted), (.failed, counts.failed), (.skipped, counts.skipped),
            (.driftCorrected, counts.driftCorrected),
        ]
        for (kind, count) in outcomes where count > 0 {
            registry.makeCounter(
                descriptor: .init(namespace: "sync", metricName: "products", unitName: "total",
                                  helpText: "Product outcomes of finished runs."),
                labels: [("outcome", kind.rawValue)]
            ).increment(by: Int64(count))
        }
        if status == .succeeded, !dryRun { lastSuccess.set(finishedAt.timeIntervalSince1970) }
    }

    public func setQueueDepth(_ depth: Int) { queueDepth.set(Double(depth)) }

    public func setLastSuccess(_ date: Date) { lastSuccess.set(date.timeIntervalSince1970) }

    /// One outbound request to Odoo or Medusa: counted by status ("error" when nothing came back), timed.
    public func recordOutbound(system: String, observation: ObservedTransport.Observation) {
        let status = observation.status.map(String.init) ?? "error"
        registry.makeCounter(
            descriptor: .init(namespace: "sync", metricName: "outbound_requests", unitName: "total",
                              helpText: "Requests to Odoo and Medusa by system and HTTP status."),
            labels: [("system", system), ("status", status)]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(namespace: "sync", metricName: "outbound_request_duration", unitName: "seconds",
                              helpText: "Latency of requests to Odoo and Medusa."),
            labels: [("system", system)], buckets: Self.latencyBuckets
        ).record(observation.duration)
    }

    /// A transport that reports to these metrics under `system`.
    public func instrument(_ transport: any HTTPTransport, system: String) -> any HTTPTransport {
        ObservedTransport(transport) { [self] in recordOutbound(system: system, observation: $0) }
    }

    public func exposition() -> String { registry.emitToString() }
}
