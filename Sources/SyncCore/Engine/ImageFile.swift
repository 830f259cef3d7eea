/// How an uploaded image's file is named and typed. The name carries owner and checksum prefix, so the image can be
/// recognised on a product in Medusa when its binding is lost (`AdoptionIndex.imageStem(inURL:)`).
enum ImageFile {
    static func name(_ image: ProductImage, bytes: [UInt8]) -> String {
        "\(stem(image)).\(fileExtension(of: bytes))"
    }

    /// The file name without extension: owner and checksum prefix (`odoo-template-9-0123456789ab`), which file services
    /// keep in the URL, so an uploaded image can be recognised in Medusa (`AdoptionIndex.imageStem(inURL:)`).
    static func stem(_ image: ProductImage) -> String {
        let owner = switch image.owner {
        case .template(let id): "template-\(id)"
        case .variant(let id): "variant-\(id)"
        }
        return "odoo-\(owner)-\(image.checksum.prefix(12))"
    }

    /// Odoo stores images without a type; the bytes say what they are.
    static func contentType(of bytes: [UInt8]) -> String {
        switch fileExtension(of: bytes) {
        case "png": "image/png"
        case "jpg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }

    static func fileExtension(of bytes: [UInt8]) -> String {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "png" }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "jpg" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "gif" }
        if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)), Array(bytes[8..<12]) == Array("WEBP".utf8) { return "webp" }
        let head = String(decoding: bytes.prefix(256), as: UTF8.self)
        if head.contains("<svg") { return "svg" }
        return "bin"
    }
}
