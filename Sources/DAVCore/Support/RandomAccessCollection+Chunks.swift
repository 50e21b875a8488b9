extension RandomAccessCollection {
    /// Consecutive slices of at most `size` elements, in order; none when the collection is empty.
    public func chunks(of size: Int) -> [SubSequence] {
        stride(from: 0, to: count, by: size).map { offset in
            let start = index(startIndex, offsetBy: offset)
            return self[start..<index(start, offsetBy: Swift.min(size, count - offset))]
        }
    }
}
