import SyncCore

/// How a run ended, from what its executor returned or threw: the final status, the error shown, and its class.
struct RunEnding: Sendable {
    var status: RunStatus
    var message: String?
    var errorClass: FailureClass?

    init(_ outcome: JobExecution.Outcome, cancelledByUser: Bool) {
        switch outcome.result {
        case .success(let summary):
            status = summary.status
            message = summary.error
            errorClass = summary.errorClass
        case .failure(let error) where error is CancellationError || Task.isCancelled || outcome.stopRequested:
            if cancelledByUser {
                status = .cancelled
                message = "cancelled by request; work up to the last committed page is kept"
            } else {
                status = .interrupted
                message = "the service was stopping; the next run continues from the last committed page"
            }
        case .failure(let error):
            status = .failed
            message = String(describing: error)
            errorClass = failureClass(of: error)
        }
    }
}
