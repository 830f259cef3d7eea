import Foundation

/// This process's replica id: the host name (a Kubernetes pod's name, a Railway replica's container) and the process
/// id, so two processes on one host differ and a restarted process is a new replica.
public enum ReplicaIdentity {
    public static func current() -> String {
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        return "\(host.isEmpty ? "host" : host)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
