import Logging

/// Finds the vCards of one address book that pass a filter, in storage order, at most `limit`.
///
/// The backend may narrow the candidates (`Storage.query` with component type VCARD); the
/// decision is always made here, on the parsed card (STYLE: backends narrow, the core matches).
/// Objects are read in batches so a large address book is never held in memory at once, and an
/// object that does not parse is skipped and logged, never a failed report.
struct AddressBookSearch {
    /// Objects read per storage call.
    static let batchSize = 100

    var filter: AddressBookFilter
    /// CARDDAV:nresults (RFC 6352 §8.6.1); `nil` for no limit.
    var limit: Int?
    /// Keep the bytes of the matches, so the report does not read them again for address-data.
    var keepsObjects: Bool

    struct Result {
        var names: [String] = []
        var loaded: [String: StoredObject] = [:]
        /// More cards matched than `limit` allowed.
        var truncated = false
    }

    func run(in collection: ResourcePath, context: RequestContext) async throws -> Result {
        let candidates = try await context.storage.candidates(StorageQuery(componentType: "VCARD"), in: collection)
        var result = Result()
        for batch in candidates.chunks(of: Self.batchSize) {
            let toRead = batch.filter { !isDecided($0) }.map(\.name)
            var objects: [String: StoredObject] = [:]
            if !toRead.isEmpty {
                for object in try await context.storage.objects(in: collection, named: toRead) {
                    if let name = object.info.path.name { objects[name] = object }
                }
            }
            for candidate in batch {
                let object = objects[candidate.name]
                guard isDecided(candidate) || object.map({ matches($0, logger: context.logger) }) == true else { continue }
                if let limit, result.names.count >= limit {
                    result.truncated = true
                    return result
                }
                result.names.append(candidate.name)
                if keepsObjects, let object { result.loaded[candidate.name] = object }
            }
        }
        return result
    }

    /// The backend's exact answer is the whole answer only when the filter adds nothing to
    /// "is a vCard".
    private func isDecided(_ candidate: QueryCandidate) -> Bool {
        candidate.isExactMatch && filter.propFilters.isEmpty
    }

    private func matches(_ object: StoredObject, logger: Logger) -> Bool {
        do {
            return try ContentParser.parse(object.bytes).contains { $0.name == "VCARD" && filter.matches($0) }
        } catch {
            logger.warning("addressbook-query skips an object that does not parse",
                           metadata: ["path": "\(object.info.path.href(collection: false))", "error": "\(error)"])
            return false
        }
    }
}
