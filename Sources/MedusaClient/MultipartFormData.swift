import Foundation

/// A `multipart/form-data` body, as `POST /admin/uploads` expects (multer, field name `files`).
struct MultipartFormData: Sendable {
    let boundary: String
    private(set) var bytes: [UInt8] = []

    init(boundary: String = "medusa-sync-\(UUID().uuidString)") {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func addFile(field: String, fileName: String, contentType: String, data: [UInt8]) {
        let safeName = fileName.replacingOccurrences(of: "\"", with: "'")
            .replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
        append("--\(boundary)\r\n")
        append("Content-Disposition: form-data; name=\"\(field)\"; filename=\"\(safeName)\"\r\n")
        append("Content-Type: \(contentType)\r\n\r\n")
        bytes.append(contentsOf: data)
        append("\r\n")
    }

    /// The complete body, closing delimiter included.
    func finished() -> [UInt8] { bytes + Array("--\(boundary)--\r\n".utf8) }

    private mutating func append(_ text: String) { bytes.append(contentsOf: Array(text.utf8)) }
}
