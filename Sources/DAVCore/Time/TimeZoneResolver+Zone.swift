extension TimeZoneResolver {
    /// A time zone as the UTC offset in force at each instant: a list of transitions, then
    /// (optionally) a rule that goes on for ever — a POSIX TZ string from a TZif footer, or the
    /// open-ended RRULEs of VTIMEZONE observances.
    ///
    /// `offset(atUTC:)` maps an instant to its offset; `utc(fromLocal:)` maps a wall-clock time
    /// (seconds since 1970 counted as if the wall clock were UTC) back to an instant, resolving
    /// DST gaps and overlaps as RFC 5545 §3.3.5 requires.
    public struct Zone: Sendable {
        /// The TZID or IANA name the zone was built from.
        public let identifier: String
        /// Instants (UTC seconds) at which the offset changes, ascending.
        let transitions: [Int64]
        /// `offsets[i]` is in force from `transitions[i]` on.
        let offsets: [Int32]
        /// In force before the first transition.
        let initialOffset: Int
        /// Decides instants at or after `tailStart`, when present.
        let tail: Tail?
        let tailStart: Int64

        enum Tail: Sendable {
            case posix(PosixTimeZoneRule)
            case observances([ObservanceRule])
        }

        init(identifier: String, transitions: [Int64], offsets: [Int32], initialOffset: Int, tail: Tail? = nil, tailStart: Int64 = .max) {
            self.identifier = identifier
            self.transitions = transitions
            self.offsets = offsets
            self.initialOffset = initialOffset
            self.tail = tail
            self.tailStart = tail == nil ? .max : tailStart
        }

        public static let utc = Zone.fixed("UTC", offset: 0)

        /// A zone that is always `offset` seconds east of UTC.
        public static func fixed(_ identifier: String, offset: Int) -> Zone {
            Zone(identifier: identifier, transitions: [], offsets: [], initialOffset: offset)
        }

        /// Seconds east of UTC in force at `utc` (seconds since 1970).
        public func offset(atUTC utc: Int64) -> Int {
            if utc >= tailStart, let tail, let offset = tail.offset(atUTC: utc, zone: self) { return offset }
            return listedOffset(atUTC: utc)
        }

        /// The offset from the transition list alone.
        func listedOffset(atUTC utc: Int64) -> Int {
            listedIndex(atOrBefore: utc).map { Int(offsets[$0]) } ?? initialOffset
        }

        /// The index of the last transition at or before `utc`.
        func listedIndex(atOrBefore utc: Int64) -> Int? {
            guard let first = transitions.first, utc >= first else { return nil }
            var low = 0
            var high = transitions.count  // invariant: transitions[low] <= utc < transitions[high]
            while high - low > 1 {
                let mid = (low + high) / 2
                if transitions[mid] <= utc { low = mid } else { high = mid }
            }
            return low
        }

        /// The instant at which the wall clock of this zone shows `local`.
        ///
        /// RFC 5545 §3.3.5: a time in a DST gap (02:30 on a spring-forward day) is read with the
        /// offset in force before the gap, so it lands after the gap (03:30 summer time); a time
        /// that occurs twice (01:30 on a fall-back day) means the first occurrence.
        public func utc(fromLocal local: Int64) -> Int64 {
            // Offsets a day either side are the ones before and after any transition near
            // `local` (zones do not change offset twice within two days).
            let before = Int64(offset(atUTC: local - 86_400))
            let after = Int64(offset(atUTC: local + 86_400))
            let early = local - before
            if before == after { return early }
            let late = local - after
            let earlyValid = Int64(offset(atUTC: early)) == before
            let lateValid = Int64(offset(atUTC: late)) == after
            switch (earlyValid, lateValid) {
            case (true, true): return min(early, late)
            case (false, true): return late
            default: return early  // valid only before the change, or a gap: the offset before it
            }
        }

        /// Wall-clock seconds shown at `utc`.
        func local(fromUTC utc: Int64) -> Int64 { utc + Int64(offset(atUTC: utc)) }
    }
}

extension TimeZoneResolver.Zone.Tail {
    func offset(atUTC utc: Int64, zone: TimeZoneResolver.Zone) -> Int? {
        switch self {
        case .posix(let rule):
            return rule.offset(atUTC: utc)
        case .observances(let rules):
            // The latest onset at or before `utc` among the open-ended observances decides, unless
            // a listed transition is later still.
            var best: (onset: Int64, offset: Int)?
            for rule in rules {
                guard let onset = rule.latestOnset(atOrBefore: utc) else { continue }
                if best == nil || onset.utc >= best!.onset { best = (onset.utc, onset.offset) }
            }
            guard let best else { return nil }
            if let index = zone.listedIndex(atOrBefore: utc), zone.transitions[index] > best.onset { return nil }
            return best.offset
        }
    }
}
