/// The applicants a school holds, the lowest-ranked on top: a new proposer is compared with the top only, and
/// replaces it in O(log quota).
struct LowestFirstHeap {
    private(set) var items: [(priority: SchoolPriority, applicant: Int32)] = []

    var count: Int { items.count }
    var lowest: (priority: SchoolPriority, applicant: Int32)? { items.first }

    mutating func insert(_ priority: SchoolPriority, applicant: Int32) {
        items.append((priority, applicant))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].priority < items[parent].priority else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Puts `applicant` in place of the lowest and returns the one it displaced.
    mutating func replaceLowest(with priority: SchoolPriority, applicant: Int32) -> Int32 {
        let displaced = items[0].applicant
        items[0] = (priority, applicant)
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && items[left].priority < items[smallest].priority { smallest = left }
            if right < items.count && items[right].priority < items[smallest].priority { smallest = right }
            guard smallest != parent else { return displaced }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
