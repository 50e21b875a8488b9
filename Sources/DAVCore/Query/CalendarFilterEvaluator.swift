/// Decides whether one calendar object matches a `CalendarFilter` (RFC 4791 §9.7): the exact
/// decision the core makes after storage has narrowed the candidates.
///
/// A recurring component matches a time range when one of its instances does; the other
/// conditions of the same comp-filter are checked against the component that defines that
/// instance (the master or its override), so an override's changed SUMMARY or moved time counts.
struct CalendarFilterEvaluator {
    let resolver: TimeZoneResolver
    var limits = RecurrenceExpander.Limits()

    func matches(_ filter: CalendarFilter, calendar: Component) throws -> Bool {
        guard calendar.name == filter.root.name, !filter.root.isNotDefined else { return false }
        return try conditionsHold(filter.root, on: calendar, instance: nil)
    }

    /// The nested prop-filters and comp-filters of `f` hold on `component`.
    private func conditionsHold(_ f: CalendarFilter.ComponentFilter, on component: Component,
                                instance: TimeRangeRules.Instance?) throws -> Bool {
        for p in f.properties where !propertyMatches(p, in: component) { return false }
        for sub in f.components where try !componentMatches(sub, in: component, parentInstance: instance) { return false }
        return true
    }

    private func componentMatches(_ f: CalendarFilter.ComponentFilter, in parent: Component,
                                  parentInstance: TimeRangeRules.Instance?) throws -> Bool {
        let candidates = parent.components(f.name)
        if f.isNotDefined { return candidates.isEmpty }
        if candidates.isEmpty { return false }
        if f.name == "VALARM" {
            return try candidates.contains { alarm in
                if let range = f.timeRange {
                    guard let parentInstance,
                          TimeRangeRules.alarm(alarm, parent: parentInstance, range, resolver: resolver) else { return false }
                }
                return try conditionsHold(f, on: alarm, instance: parentInstance)
            }
        }
        let needsInstances = f.timeRange != nil || f.components.contains { $0.timeRange != nil }
        guard needsInstances else {
            return try candidates.contains { try conditionsHold(f, on: $0, instance: nil) }
        }
        switch f.name {
        case "VEVENT", "VTODO", "VJOURNAL":
            return try recurringMatches(f, candidates)
        case "VFREEBUSY":
            return try candidates.contains { c in
                guard let range = f.timeRange, TimeRangeRules.freeBusy(c, range, resolver: resolver) else { return false }
                return try conditionsHold(f, on: c, instance: nil)
            }
        default:
            return false  // §9.9 defines time ranges for these components only
        }
    }

    /// Expands each UID's components and looks for one instance satisfying everything.
    private func recurringMatches(_ f: CalendarFilter.ComponentFilter, _ candidates: [Component]) throws -> Bool {
        let window = expansionWindow(f, candidates)
        for group in candidates.groupedByUID() {
            if f.name == "VTODO", group.allSatisfy({ $0.property("DTSTART") == nil }) {
                // Without DTSTART a to-do does not recur (RFC 5545 §3.8.5.3); judge it as it is.
                for c in group {
                    let due = c.property("DUE").flatMap(ICalDateTime.init(property:))
                    let instance = TimeRangeRules.Instance(start: nil, end: due.map(resolver.utcSeconds), isDate: due?.isDate ?? false)
                    if try instanceMatches(f, c, instance) { return true }
                }
                continue
            }
            let expander = RecurrenceExpander(components: group, resolver: resolver, limits: limits)
            let occurrences: [Occurrence]
            do {
                occurrences = try expander.occurrences(from: window.start, to: window.end)
            } catch {
                // A rule too dense to expand within the limits (FREQ=SECONDLY without end) cannot
                // be decided; report it rather than hide it or fail the whole query.
                return true
            }
            for occurrence in occurrences {
                let c = group[occurrence.componentIndex]
                let instance = TimeRangeRules.Instance(start: occurrence.start, end: occurrence.end, isDate: occurrence.isDate)
                if try instanceMatches(f, c, instance) { return true }
            }
        }
        return false
    }

    private func instanceMatches(_ f: CalendarFilter.ComponentFilter, _ c: Component, _ i: TimeRangeRules.Instance) throws -> Bool {
        if let range = f.timeRange, !TimeRangeRules.overlaps(c, i, range, resolver: resolver) { return false }
        return try conditionsHold(f, on: c, instance: i)
    }

    /// The range whose instances can matter: the comp-filter's own time range, widened for
    /// all-day and floating values (±14 h of zone offsets, one day of DATE length) and, for an
    /// alarm range, by how far the alarms trigger from their instance.
    private func expansionWindow(_ f: CalendarFilter.ComponentFilter, _ candidates: [Component]) -> CalendarFilter.TimeRange {
        var start = f.timeRange?.start, end = f.timeRange?.end
        let reach = f.components.contains { $0.timeRange != nil } ? alarmReach(candidates) : 0
        for sub in f.components where sub.timeRange != nil {
            start = min(start ?? .max, (sub.timeRange?.start).map { $0 - reach } ?? .min)
            end = max(end ?? .min, (sub.timeRange?.end).map { $0 + reach } ?? .max)
        }
        let slack = ObjectTimeBounds.slack
        return CalendarFilter.TimeRange(start: start.map { $0 == .min ? $0 : $0 - slack },
                                        end: end.map { $0 == .max ? $0 : $0 + slack })
    }

    private func alarmReach(_ candidates: [Component]) -> Int64 {
        var reach: Int64 = 0
        for c in candidates {
            for alarm in c.components("VALARM") {
                if let d = alarm.property("TRIGGER").flatMap({ ICalDuration.parse($0.value) }) { reach = max(reach, abs(d.totalSeconds)) }
                let repeats = Int64(alarm.property("REPEAT").flatMap { Int($0.value) } ?? 0)
                if let step = alarm.property("DURATION").flatMap({ ICalDuration.parse($0.value) }) {
                    reach += min(repeats, 1000) * abs(step.totalSeconds)
                }
            }
            if let d = c.property("DURATION").flatMap({ ICalDuration.parse($0.value) }) { reach += abs(d.totalSeconds) }
        }
        return reach + 366 * 86_400  // DTEND-related triggers of long events
    }

    private func propertyMatches(_ f: CalendarFilter.PropertyFilter, in component: Component) -> Bool {
        let properties = component.properties(f.name)
        if f.isNotDefined { return properties.isEmpty }
        return properties.contains { p in
            if let range = f.timeRange {
                guard let value = ICalDateTime(property: p) else { return false }
                let t = resolver.utcSeconds(value)
                guard (range.start ?? .min) <= t, (range.end ?? .max) > t else { return false }
            }
            if let match = f.textMatch, !match.matches(p.textValue) { return false }
            return f.parameters.allSatisfy { parameterMatches($0, on: p) }
        }
    }

    private func parameterMatches(_ f: CalendarFilter.ParameterFilter, on property: ContentLine) -> Bool {
        guard property.hasParameter(f.name) else { return f.isNotDefined }
        if f.isNotDefined { return false }
        guard let match = f.textMatch else { return true }
        return property.parameterValues(f.name).contains { match.matches($0) }
    }
}
