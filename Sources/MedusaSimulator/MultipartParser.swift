import Foundation

/// Reads the file parts of a `multipart/form-data` body, as multer's `upload.array("files")` does for
/// `POST /admin/uploads`.
enum MultipartParser {
    struct FilePart: Sendable {
        var fieldName: String
        var fileName: String
        var contentType: String
        var data: [UInt8]
    }

    /// The boundary parameter of a `multipart/form-data` content type.
    static func boundary(fromContentType contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// The parts that carry a file name; malformed input yields no parts rather than an error, like an empty upload.
    static func fileParts(body: [UInt8], boundary: String) -> [FilePart] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [FilePart] = []
        var searchFrom = 0
        guard var start = find(delimiter, in: body, from: searchFrom) else { return [] }
        while true {
            var partStart = start + delimiter.count
            // `--` after a delimiter closes the body.
            if partStart + 1 < body.count, body[partStart] == UInt8(ascii: "-"), body[partStart + 1] == UInt8(ascii: "-") {
                break
            }
            if partStart + 1 < body.count, body[partStart] == 0x0D, body[partStart + 1] == 0x0A { partStart += 2 }
            searchFrom = partStart
            guard let next = find(delimiter, in: body, from: searchFrom) else { break }
            var partEnd = next
            if partEnd >= 2, body[partEnd - 2] == 0x0D, body[partEnd - 1] == 0x0A { partEnd -= 2 }
            if let part = parsePart(Array(body[partStart..<max(partStart, partEnd)])) { parts.append(part) }
            start = next
        }
        return parts
    }

    private static func parsePart(_ bytes: [UInt8]) -> FilePart? {
        guard let headerEnd = find(Array("\r\n\r\n".utf8), in: bytes, from: 0) else { return nil }
        let headerText = String(decoding: bytes[0..<headerEnd], as: UTF8.self)
        var fieldName: String?
        var fileName: String?
        var contentType = "application/octet-stream"
        for line in headerText.components(separatedBy: "\r\n") {
            let lowered = line.lowercased()
            if lowered.hasPrefix("content-disposition:") {
                fieldName = parameter("name", in: line)
                fileName = parameter("filename", in: line)
            } else if lowered.hasPrefix("content-type:") {
                contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        guard let fieldName, let fileName else { return nil }
        return FilePart(fieldName: fieldName, fileName: fileName, contentType: contentType,
                        data: Array(bytes[(headerEnd + 4)...]))
    }

    private static func parameter(_ name: String, in line: String) -> String? {
        for piece in line.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == name {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        let first = needle[0]
        while index <= haystack.count - needle.count {
            if haystack[index] == first, Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
