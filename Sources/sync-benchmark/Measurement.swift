import Foundation
import HTTPTransport
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Requests, bytes and time on the wire of one side (Odoo or Medusa), as `ObservedTransport` reports them.
struct SideTraffic: Codable, Sendable, Hashable {
    var requests = 0
    /// POST/PUT/PATCH/DELETE (for Medusa: the writes).
    var writes = 0
    var requestBytes = 0
    var responseBytes = 0
    /// Sum of the exchanges' durations (÷ wall time = average requests in flight).
    var busySeconds = 0.0
    var notFound = 0
    /// Any other 4xx/5xx answer, or no answer.
    var errors = 0

    var bytes: Int { requestBytes + responseBytes }

    mutating func add(_ observation: ObservedTransport.Observation) {
        requests += 1
        if observation.method != .get { writes += 1 }
        requestBytes += observation.requestBytes
        responseBytes += observation.responseBytes
        busySeconds += observation.duration.seconds
        switch observation.status {
        case 404?: notFound += 1
        case let status? where status >= 400: errors += 1
        case nil: errors += 1
        default: break
        }
    }

    func scaled(by factor: Double) -> SideTraffic {
        func scale(_ value: Int) -> Int { Int((Double(value) * factor).rounded()) }
        return SideTraffic(requests: scale(requests), writes: scale(writes), requestBytes: scale(requestBytes),
                           responseBytes: scale(responseBytes), busySeconds: busySeconds * factor,
                           notFound: scale(notFound), errors: scale(errors))
    }
}

/// Counts every exchange of one side; shared by the transport wrapper and the phase that reads it.
final class TrafficMeter: Sendable {
    private let state = Mutex(SideTraffic())

    var traffic: SideTraffic { state.withLock { $0 } }

    func wrap(_ transport: any HTTPTransport) -> any HTTPTransport {
        ObservedTransport(transport) { [self] observation in state.withLock { $0.add(observation) } }
    }
}

/// Resident memory of this process from `/proc/self/status` (Linux), and CPU time from `getrusage`.
enum ProcessProbe {
    /// `VmHWM` (peak resident set) in bytes, nil where /proc is not available.
    static func peakRSS() -> Int? { statusField("VmHWM") }
    /// `VmRSS` (current resident set) in bytes.
    static func currentRSS() -> Int? { statusField("VmRSS") }

    /// Resets `VmHWM` to the current RSS (Linux ≥ 4.0: writing "5" to clear_refs). False when not permitted.
    @discardableResult
    static func resetPeakRSS() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    static func statusField(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }

    /// User and system CPU seconds used by this process so far.
    static func cpuSeconds() -> (user: Double, system: Double) {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }
}

/// Peak RSS over one phase: the kernel's high-water mark reset at the start when allowed, else a 10 ms sampler of
/// `VmRSS` (which can miss spikes shorter than 10 ms).
final class PhaseMemory: Sendable {
    private final class Peak: Sendable {
        let bytes = Mutex(ProcessProbe.currentRSS() ?? 0)
        func observe() {
            let now = ProcessProbe.currentRSS() ?? 0
            bytes.withLock { $0 = max($0, now) }
        }
    }

    private let usesHighWaterMark: Bool
    private let sampled = Peak()
    private let sampler: Task<Void, Never>?

    init() {
        usesHighWaterMark = ProcessProbe.resetPeakRSS()
        if usesHighWaterMark {
            sampler = nil
        } else {
            let peak = sampled
            sampler = Task.detached {
                while !Task.isCancelled {
                    peak.observe()
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
        }
    }

    /// The peak in bytes and how it was measured.
    func finish() -> (bytes: Int, method: String) {
        if usesHighWaterMark { return (ProcessProbe.peakRSS() ?? 0, "VmHWM") }
        sampler?.cancel()
        sampled.observe()
        return (sampled.bytes.withLock { $0 }, "VmRSS sampled every 10 ms")
    }
}
