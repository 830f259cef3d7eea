import Foundation

/// What the CLI's commands do, behind their argument parsing (which stays in the executable): each builds what it
/// needs through `ServiceBuilder`, so the executable imports nothing but App and ArgumentParser.
public enum Commands {
    public static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// A command that could not do its job: what to print on standard error (if anything) and the exit status.
public struct CommandFailure: Error, CustomStringConvertible {
    public let exitCode: Int32
    public let message: String?

    public init(exitCode: Int32, message: String? = nil) {
        self.exitCode = exitCode
        self.message = message
    }

    public var description: String { message ?? "exit \(exitCode)" }
}

/// An argument the command cannot use; the executable reports it as a usage error.
public struct InvalidArgument: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
