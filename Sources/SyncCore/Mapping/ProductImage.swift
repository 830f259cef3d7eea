/// An image as the mapper sees it: who owns it, the content digest of its bytes and, once uploaded, its URL. The bytes
/// themselves are not kept: they are checksummed (and uploaded if new) as they are read, so a page of products never
/// holds a page of full-size images in memory.
public struct ProductImage: Sendable, Hashable {
    public var owner: OdooImage.Owner
    public var checksum: String
    public var url: String?

    public init(owner: OdooImage.Owner, checksum: String, url: String? = nil) {
        self.owner = owner; self.checksum = checksum; self.url = url
    }
}
