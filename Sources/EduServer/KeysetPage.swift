/// One page of a list read in key order. One item more than the page holds is read, so a full last page is known to be
/// the last: a "next page" is offered only when there is one.
struct KeysetPage<Item> {
    let items: [Item]
    let hasMore: Bool

    /// A page of `size` items, from `read` asked for at most one more.
    static func read(_ size: Int, _ read: (_ limit: Int) async throws -> [Item]) async throws -> KeysetPage {
        let fetched = try await read(size + 1)
        return KeysetPage(items: Array(fetched.prefix(size)), hasMore: fetched.count > size)
    }

    /// `key` of the page's last item, where the next page starts after; nil on the last page.
    func next<Key>(_ key: (Item) -> Key) -> Key? {
        hasMore ? items.last.map(key) : nil
    }
}
